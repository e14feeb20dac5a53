package io.isula.core.internal.volume;

import io.isula.core.api.EngineException;
import io.isula.core.api.HostConfig;
import io.isula.core.api.MountPoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the mounts of a create request (anonymous volumes of the image and of {@code Config.Volumes},
 * {@code --volumes-from}, {@code -v}, {@code --mount}, {@code --tmpfs}) into {@link MountRequest}s, with iSulad's
 * rules and messages ({@code parse_volume}). Pure: nothing is created; a bad entry is an INVALID_ARGUMENT error.
 * Later sources override earlier ones at the same destination, as in Docker; two explicit mounts on one destination
 * are an error.
 */
public final class MountParser {
    private static final Set<String> RW = Set.of("rw", "ro");
    private static final Set<String> PROPAGATION = Set.of("private", "rprivate", "slave", "rslave", "shared", "rshared");
    private static final Set<String> LABEL = Set.of("z", "Z");
    private static final String NOCOPY = "nocopy";

    private MountParser() {
    }

    /**
     * @param anonymous   destinations that get an anonymous volume (image VOLUMEs, then {@code Config.Volumes})
     * @param mountsOf    the mount points of another container by name or id (for {@code --volumes-from}); throws
     *                    when there is none
     */
    public static List<MountRequest> parse(HostConfig h, List<String> anonymous,
                                           Function<String, List<MountPoint>> mountsOf) {
        Map<String, MountRequest> byDestination = new LinkedHashMap<>();
        for (String dst : anonymous) {
            String d = destination(dst, dst);
            byDestination.put(d, MountRequest.anonymous(d));
        }
        if (h.volumesFrom() != null) {
            for (String from : h.volumesFrom()) {
                for (MountRequest m : volumesFrom(from, mountsOf)) {
                    byDestination.put(m.destination(), m);
                }
            }
        }
        Set<String> explicit = new java.util.HashSet<>();
        List<MountRequest> userMounts = new ArrayList<>();
        if (h.binds() != null) {
            h.binds().forEach(b -> userMounts.add(bind(b)));
        }
        if (h.mounts() != null) {
            h.mounts().forEach(m -> userMounts.add(mount(m)));
        }
        if (h.tmpfs() != null) {
            h.tmpfs().forEach((dst, opts) -> userMounts.add(tmpfs(dst, opts)));
        }
        for (MountRequest m : userMounts) {
            if (!explicit.add(m.destination())) {
                throw EngineException.invalid("Duplicate mount point: " + m.destination());
            }
            byDestination.put(m.destination(), m);
        }
        return List.copyOf(byDestination.values());
    }

    /** {@code -v [SRC:]DST[:MODES]}. */
    static MountRequest bind(String spec) {
        if (spec == null || spec.isEmpty()) {
            throw EngineException.invalid("Volume can't be empty");
        }
        if (spec.startsWith(":") || spec.endsWith(":")) {
            throw EngineException.invalid("Invalid volume specification '" + spec
                    + "': delimiter ':' can't be the first or the last character");
        }
        String[] parts = spec.split(":", -1);
        String source;
        String dst;
        List<String> modes = List.of();
        switch (parts.length) {
            case 1 -> {
                return MountRequest.anonymous(destination(parts[0], spec));
            }
            case 2 -> {
                if (validModes(parts[1])) {
                    throw EngineException.invalid("Invalid volume specification '" + spec + "',Invalid mode:" + parts[1]);
                }
                source = parts[0];
                dst = parts[1];
            }
            case 3 -> {
                source = parts[0];
                dst = parts[1];
                if (!validModes(parts[2])) {
                    throw EngineException.invalid("Invalid volume specification '" + spec + "'.Invalid mode:" + parts[2]);
                }
                modes = List.of(parts[2].split(","));
            }
            default -> throw EngineException.invalid("Invalid volume specification '" + spec + "'");
        }
        if (source.isEmpty() || dst.isEmpty()) {
            throw EngineException.invalid("Invalid volume specification '" + spec + "'");
        }
        boolean bind = source.startsWith("/");
        if (!bind && !VolumeStore.validName(source)) {
            throw EngineException.invalid("Invalid volume name " + source
                    + ", only \"[a-zA-Z0-9][a-zA-Z0-9_.-]+\" are allowed. If you intended to pass a host directory,"
                    + " use absolute path.");
        }
        String d = destination(dst, spec);
        boolean readOnly = false;
        String propagation = "rprivate";
        boolean noCopy = false;
        for (String m : modes) {
            if (RW.contains(m)) {
                readOnly = m.equals("ro");
            } else if (PROPAGATION.contains(m)) {
                if (!bind) {
                    throw EngineException.invalid("Invalid volume specification '" + spec + "',Invalid mode " + m
                            + " for type volume");
                }
                propagation = m;
            } else if (m.equals(NOCOPY)) {
                if (bind) {
                    throw EngineException.invalid("Invalid volume specification '" + spec + "',Invalid mode " + m
                            + " for type bind");
                }
                noCopy = true;
            }
        }
        String mode = modes.isEmpty() ? "" : String.join(",", modes);
        return bind
                ? new MountRequest(MountRequest.Kind.BIND, clean(source), d, readOnly, propagation, false, List.of(), mode)
                : new MountRequest(MountRequest.Kind.VOLUME, source, d, readOnly, "rprivate", noCopy, List.of(), mode);
    }

    /** Each comma-separated mode valid, and at most one of each kind. */
    private static boolean validModes(String modes) {
        int rw = 0;
        int propagation = 0;
        int label = 0;
        int copy = 0;
        for (String m : modes.split(",", -1)) {
            if (RW.contains(m)) {
                rw++;
            } else if (PROPAGATION.contains(m)) {
                propagation++;
            } else if (LABEL.contains(m)) {
                label++;
            } else if (m.equals(NOCOPY)) {
                copy++;
            } else {
                return false;
            }
        }
        return rw <= 1 && propagation <= 1 && label <= 1 && copy <= 1;
    }

    /** {@code --mount type=…,source=…,target=…}: the API's structured form. */
    static MountRequest mount(HostConfig.Mount m) {
        String type = m.type() == null ? "" : m.type().toLowerCase(Locale.ROOT);
        String target = m.target();
        if (target == null || target.isEmpty()) {
            throw EngineException.invalid("Invalid mount config: destination is requested");
        }
        String d = destination(target, target);
        switch (type) {
            case "bind" -> {
                String src = m.source();
                if (src == null || !src.startsWith("/")) {
                    throw EngineException.invalid("Invalid source " + src + ", type bind: the source must be an"
                            + " absolute path");
                }
                if (!Files.exists(Path.of(src))) {
                    throw EngineException.invalid("Invalid mount config for type \"bind\": bind source path does not"
                            + " exist: " + src);
                }
                String propagation = m.bindOptions() == null || m.bindOptions().propagation() == null
                        || m.bindOptions().propagation().isEmpty() ? "rprivate" : m.bindOptions().propagation();
                if (!PROPAGATION.contains(propagation)) {
                    throw EngineException.invalid("Invalid bind propagation " + propagation);
                }
                return new MountRequest(MountRequest.Kind.BIND, clean(src), d, m.readOnly(), propagation, false,
                        List.of(), m.readOnly() ? "ro" : "");
            }
            case "volume" -> {
                String src = m.source() == null || m.source().isEmpty() ? null : m.source();
                if (src != null && !VolumeStore.validName(src)) {
                    throw EngineException.invalid("Invalid volume name " + src
                            + ", only \"[a-zA-Z0-9][a-zA-Z0-9_.-]+\" are allowed");
                }
                boolean noCopy = m.volumeOptions() != null && m.volumeOptions().noCopy();
                return new MountRequest(MountRequest.Kind.VOLUME, src, d, m.readOnly(), "rprivate", noCopy, List.of(),
                        m.readOnly() ? "ro" : "");
            }
            case "tmpfs" -> {
                if (m.source() != null && !m.source().isEmpty()) {
                    throw EngineException.invalid("Invalid mount config for type \"tmpfs\": source must not be given");
                }
                List<String> opts = new ArrayList<>();
                if (m.tmpfsOptions() != null) {
                    if (m.tmpfsOptions().sizeBytes() < 0) {
                        throw EngineException.invalid("Invalid tmpfs size " + m.tmpfsOptions().sizeBytes());
                    }
                    if (m.tmpfsOptions().sizeBytes() > 0) {
                        opts.add("size=" + m.tmpfsOptions().sizeBytes());
                    }
                    if (m.tmpfsOptions().mode() != 0) {
                        opts.add("mode=" + Integer.toOctalString(m.tmpfsOptions().mode()));
                    }
                }
                if (m.readOnly()) {
                    opts.add("ro");
                }
                return new MountRequest(MountRequest.Kind.TMPFS, null, d, m.readOnly(), "", false, opts, "");
            }
            default -> throw EngineException.invalid("Invalid mount type '" + m.type()
                    + "': only bind, volume and tmpfs are supported");
        }
    }

    /** {@code --tmpfs DST[:OPTIONS]}. */
    static MountRequest tmpfs(String dst, String options) {
        String d = destination(dst, dst);
        List<String> opts = new ArrayList<>();
        boolean readOnly = false;
        if (options != null && !options.isEmpty()) {
            for (String o : options.split(",")) {
                if (o.isEmpty() || !o.matches("[A-Za-z0-9_=.:-]+")) {
                    throw EngineException.invalid("Invalid tmpfs option '" + o + "' for " + dst);
                }
                readOnly |= o.equals("ro");
                opts.add(o);
            }
        }
        return new MountRequest(MountRequest.Kind.TMPFS, null, d, readOnly, "", false, opts,
                options == null ? "" : options);
    }

    /** {@code CONTAINER[:ro|rw]}: the other container's binds and volumes, optionally forced read-only or writable. */
    private static List<MountRequest> volumesFrom(String spec, Function<String, List<MountPoint>> mountsOf) {
        String ref = spec;
        String mode = null;
        int colon = spec.lastIndexOf(':');
        if (colon > 0) {
            ref = spec.substring(0, colon);
            mode = spec.substring(colon + 1);
            if (!RW.contains(mode)) {
                throw EngineException.invalid("Invalid mode for --volumes-from " + spec + ": " + mode);
            }
        }
        List<MountRequest> out = new ArrayList<>();
        for (MountPoint p : mountsOf.apply(ref)) {
            boolean readOnly = mode == null ? !p.rw() : mode.equals("ro");
            if ("volume".equals(p.type())) {
                out.add(new MountRequest(MountRequest.Kind.VOLUME, p.name(), p.destination(), readOnly, "rprivate",
                        true, List.of(), readOnly ? "ro" : ""));
            } else if ("bind".equals(p.type())) {
                out.add(new MountRequest(MountRequest.Kind.BIND, p.source(), p.destination(), readOnly,
                        p.propagation() == null || p.propagation().isEmpty() ? "rprivate" : p.propagation(), false,
                        List.of(), readOnly ? "ro" : ""));
            }
        }
        return out;
    }

    /** An absolute, clean destination other than {@code /} and outside {@code /proc}. */
    static String destination(String dst, String spec) {
        if (dst == null || !dst.startsWith("/")) {
            throw EngineException.invalid("Invalid volume: path must be absolute, and destination can't be '/'");
        }
        String d = clean(dst);
        if (d.equals("/")) {
            throw EngineException.invalid("Invalid volume: path must be absolute, and destination can't be '/'");
        }
        if (d.equals("/proc") || d.startsWith("/proc/")) {
            throw EngineException.invalid("Invalid volume specification '" + spec + "': destination " + d
                    + " is in /proc, which can not be mounted over");
        }
        return d;
    }

    /** Lexically clean: no empty, "." or ".." components (".." stops at the root). */
    static String clean(String path) {
        return Path.of("/").resolve(path).normalize().toString();
    }
}
