package io.isula.core.internal.volume;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.DiskUsage;
import io.isula.core.api.EngineException;
import io.isula.core.api.Volume;
import io.isula.core.api.VolumesPruned;
import io.isula.core.internal.prune.PruneFilter;
import io.isula.core.internal.store.Times;
import io.isula.core.util.AtomicFiles;
import io.isula.core.util.FileTrees;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Local volumes as iSulad keeps them: {@code <graph>/volumes/<name>/_data}, anonymous ones named by 64 random hex
 * digits; the labels of a volume created with some in {@code <graph>/volumes/<name>/labels.json}. The store also
 * knows which containers use each volume, so that a volume in use is never removed: a container claims its volumes
 * while it is created (before anything of it is on disk) and releases them when it is removed.
 */
public final class VolumeStore {
    public static final String DRIVER = "local";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final Pattern ANONYMOUS = Pattern.compile("[0-9a-f]{64}");
    private static final String LABELS = "labels.json";

    private final Path root;
    private final ObjectMapper json;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Set<String>> users = new HashMap<>();

    public VolumeStore(Path graph, ObjectMapper json) {
        this.root = graph.resolve("volumes");
        this.json = json;
    }

    public static boolean validName(String name) {
        return name != null && name.length() <= 255 && NAME.matcher(name).matches();
    }

    public static boolean isAnonymous(String name) {
        return ANONYMOUS.matcher(name).matches();
    }

    public Path dataDir(String name) {
        return root.resolve(name).resolve("_data");
    }

    /** A named volume for container {@code id}, made when missing; true in {@link Claim#created()} when it was. */
    public synchronized Claim claimNamed(String name, String containerId) {
        requireValidName(name);
        boolean created = make(name);
        users.computeIfAbsent(name, k -> new HashSet<>()).add(containerId);
        return new Claim(name, dataDir(name), created);
    }

    /** A new anonymous volume for container {@code id}. */
    public synchronized Claim claimAnonymous(String containerId) {
        String name = newAnonymousName();
        make(name);
        users.computeIfAbsent(name, k -> new HashSet<>()).add(containerId);
        return new Claim(name, dataDir(name), true);
    }

    /**
     * A volume nobody uses yet, named {@code name} or, when that is empty, anonymous; an existing one of that name
     * is returned as it is (its labels unchanged), as Docker does.
     */
    public synchronized Volume create(String name, Map<String, String> labels) {
        String chosen = name == null || name.isEmpty() ? newAnonymousName() : name;
        requireValidName(chosen);
        if (make(chosen) && !labels.isEmpty()) {
            try {
                AtomicFiles.write(root.resolve(chosen).resolve(LABELS), json.writeValueAsBytes(labels));
            } catch (IOException e) {
                delete(chosen);
                throw EngineException.internal("cannot create volume " + chosen + ": " + e.getMessage(), e);
            }
        }
        return describe(chosen);
    }

    private static void requireValidName(String name) {
        if (!validName(name)) {
            throw EngineException.invalid("Invalid volume name " + name + ", only \"" + NAME.pattern()
                    + "\" are allowed. If you intended to pass a host directory, use absolute path.");
        }
    }

    private String newAnonymousName() {
        String name;
        do {
            byte[] b = new byte[32];
            random.nextBytes(b);
            name = HexFormat.of().formatHex(b);
        } while (Files.exists(root.resolve(name)));
        return name;
    }

    /** Records that container {@code id} uses {@code name} (restoring the store's view at daemon start). */
    public synchronized void claimExisting(String name, String containerId) {
        users.computeIfAbsent(name, k -> new HashSet<>()).add(containerId);
    }

    /** Container {@code id} no longer uses its volumes. */
    public synchronized void release(String containerId) {
        users.values().forEach(s -> s.remove(containerId));
        users.values().removeIf(Set::isEmpty);
    }

    private boolean make(String name) {
        Path data = dataDir(name);
        if (Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            Files.createDirectories(root);
            Files.createDirectories(data);
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
            return true;
        } catch (IOException e) {
            throw EngineException.internal("cannot create volume " + name + ": " + e.getMessage(), e);
        }
    }

    public synchronized List<Volume> list() {
        return list(Map.of());
    }

    /** Volumes matching Docker's {@code volume ls} filters ({@link VolumeFilter}). */
    public synchronized List<Volume> list(Map<String, List<String>> filters) {
        VolumeFilter filter = VolumeFilter.of(filters);
        List<Volume> out = new ArrayList<>();
        for (String name : names()) {
            Volume v = describe(name);
            if (filter.matches(v, inUse(name))) {
                out.add(v);
            }
        }
        out.sort(Comparator.comparing(Volume::name));
        return out;
    }

    private boolean inUse(String name) {
        Set<String> by = users.get(name);
        return by != null && !by.isEmpty();
    }

    /** Every volume with the bytes of its files and the number of containers using it. */
    public synchronized List<DiskUsage.VolumeUsage> usage() {
        List<DiskUsage.VolumeUsage> out = new ArrayList<>();
        for (Volume v : list()) {
            Set<String> by = users.get(v.name());
            out.add(new DiskUsage.VolumeUsage(v, new DiskUsage.Usage(sizeOf(v.name()), by == null ? 0 : by.size())));
        }
        return out;
    }

    /** Bytes of the files of volume {@code name}; 0 when they cannot be read. */
    private long sizeOf(String name) {
        try {
            return FileTrees.size(dataDir(name));
        } catch (IOException e) {
            return 0;
        }
    }

    private Volume describe(String name) {
        String created = createdAt(name).map(Times::format).orElse(Times.ZERO_TIME);
        return new Volume(name, DRIVER, dataDir(name).toString(), created, "local", labels(name));
    }

    private Optional<Instant> createdAt(String name) {
        try {
            return Optional.of(Files.readAttributes(root.resolve(name), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).creationTime().toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Map<String, String> labels(String name) {
        Path file = root.resolve(name).resolve(LABELS);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Map.of();
        }
        try {
            Map<String, String> labels = new HashMap<>(json.readValue(file.toFile(),
                    new TypeReference<Map<String, String>>() { }));
            labels.values().removeIf(Objects::isNull);
            return Map.copyOf(labels);
        } catch (IOException e) {
            System.getLogger(VolumeStore.class.getName()).log(System.Logger.Level.WARNING,
                    "the labels of volume " + name + " cannot be read (" + e.getMessage() + "); shown without them");
            return Map.of();
        }
    }

    private List<String> names() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                String n = d.getFileName().toString();
                if (validName(n) && Files.isDirectory(d.resolve("_data"), LinkOption.NOFOLLOW_LINKS)) {
                    out.add(n);
                }
            }
        } catch (IOException e) {
            throw EngineException.internal("cannot list volumes in " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    public synchronized boolean exists(String name) {
        return validName(name) && Files.isDirectory(dataDir(name), LinkOption.NOFOLLOW_LINKS);
    }

    /** Removes a volume no container uses. */
    public synchronized void remove(String name) {
        if (!exists(name)) {
            throw EngineException.notFound("No such volume: " + name);
        }
        Set<String> by = users.get(name);
        if (by != null && !by.isEmpty()) {
            throw EngineException.conflict("remove volume " + name + " failed: volume is in use by container "
                    + String.join(", ", by));
        }
        delete(name);
    }

    /** Removes the volumes no container uses that match {@code filter}, named ones only with {@code all}. */
    public synchronized VolumesPruned prune(boolean all, PruneFilter filter) {
        List<String> removed = new ArrayList<>();
        long bytes = 0;
        for (String name : names()) {
            if (inUse(name) || (!all && !isAnonymous(name))
                    || !filter.matches(createdAt(name).orElse(Instant.EPOCH), labels(name))) {
                continue;
            }
            bytes += sizeOf(name);
            delete(name);
            removed.add(name);
        }
        return new VolumesPruned(removed, bytes);
    }

    /** Removes the given volumes of a container being removed, when no other container uses them. */
    public synchronized void removeIfUnused(List<String> names) {
        for (String name : names) {
            if (!inUse(name) && exists(name)) {
                delete(name);
            }
        }
    }

    /** Deletes a volume created by a create that failed (nobody else can know it yet). */
    public synchronized void discard(Claim claim, String containerId) {
        Set<String> by = users.get(claim.name());
        if (by != null) {
            by.remove(containerId);
            if (by.isEmpty()) {
                users.remove(claim.name());
            }
        }
        if (claim.created() && (by == null || by.isEmpty())) {
            delete(claim.name());
        }
    }

    private void delete(String name) {
        try {
            FileTrees.delete(root.resolve(name));
        } catch (IOException e) {
            throw EngineException.internal("cannot remove volume " + name + ": " + e.getMessage(), e);
        }
    }

    /** A volume a container uses: its name, its data folder, and whether the claim made it. */
    public record Claim(String name, Path data, boolean created) {
    }
}
