package io.isula.core.internal.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.api.HostConfig;
import io.isula.core.internal.volume.PlannedMount;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Generates a container's OCI runtime spec (the bundle's config.json) with Docker's safe defaults. */
public final class OciSpecFactory {
    static final long DEFAULT_SHM_SIZE = 64L << 20;
    private static final BigInteger UNLIMITED = new BigInteger("18446744073709551615");

    private final ObjectMapper json;
    private final ResourcesSpec resources;

    public OciSpecFactory(ObjectMapper json) {
        this(json, new ResourcesSpec(false));
    }

    public OciSpecFactory(ObjectMapper json, ResourcesSpec resources) {
        this.json = json;
        this.resources = resources;
    }

    public ObjectNode create(SpecInput in) {
        ObjectNode spec = json.createObjectNode();
        spec.put("ociVersion", SpecDefaults.OCI_VERSION);
        spec.set("process", process(in));
        ObjectNode root = spec.putObject("root");
        root.put("path", in.rootfs().toString());
        root.put("readonly", in.host().readonlyRootfs());
        spec.put("hostname", in.hostname());
        spec.set("mounts", mounts(in));
        spec.set("linux", linux(in));
        if (in.hooks() != null && !in.hooks().isEmpty()) {
            spec.set("hooks", in.hooks());
        }
        return spec;
    }

    private ObjectNode process(SpecInput in) {
        ObjectNode p = json.createObjectNode();
        p.put("terminal", in.terminal());
        ObjectNode user = p.putObject("user");
        user.put("uid", in.user().uid());
        user.put("gid", in.user().gid());
        if (!in.user().additionalGids().isEmpty()) {
            ArrayNode gids = user.putArray("additionalGids");
            in.user().additionalGids().forEach(gids::add);
        }
        strings(p.putArray("args"), in.args());
        strings(p.putArray("env"), in.env());
        p.put("cwd", in.cwd());
        ObjectNode caps = p.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            strings(caps.putArray(set), in.security().capabilities());
        }
        List<HostConfig.Ulimit> ulimits = in.host().ulimits();
        if (ulimits != null && !ulimits.isEmpty()) {
            ArrayNode rl = p.putArray("rlimits");
            for (HostConfig.Ulimit u : ulimits) {
                ObjectNode r = rl.addObject().put("type", Rlimits.type(u.name()));
                r.put("hard", u.hard() < 0 ? UNLIMITED : BigInteger.valueOf(u.hard()));
                r.put("soft", u.soft() < 0 ? UNLIMITED : BigInteger.valueOf(u.soft()));
            }
        }
        if (in.host().oomScoreAdj() != 0) {
            p.put("oomScoreAdj", in.host().oomScoreAdj());
        }
        p.put("noNewPrivileges", in.security().noNewPrivileges());
        return p;
    }

    private ArrayNode mounts(SpecInput in) {
        Set<String> userDestinations = new HashSet<>();
        in.mounts().forEach(m -> userDestinations.add(m.destination()));
        boolean privileged = in.security().privileged();
        long shm = in.host().shmSize() > 0 ? in.host().shmSize() : DEFAULT_SHM_SIZE;
        ArrayNode mounts = json.createArrayNode();
        List<Object[]> defaults = List.of(
                new Object[] {"/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")},
                new Object[] {"/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")},
                new Object[] {"/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")},
                new Object[] {"/sys", "sysfs", "sysfs",
                        privileged ? List.of("nosuid", "noexec", "nodev", "rw") : List.of("nosuid", "noexec", "nodev", "ro")},
                new Object[] {"/sys/fs/cgroup", "cgroup", "cgroup",
                        List.of(privileged ? "rw" : "ro", "nosuid", "noexec", "nodev")},
                new Object[] {"/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")},
                new Object[] {"/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=" + shm)});
        for (Object[] d : defaults) {
            String dst = (String) d[0];
            if (!userDestinations.contains(dst)) {
                @SuppressWarnings("unchecked")
                List<String> options = (List<String>) d[3];
                mount(mounts, in, dst, (String) d[1], (String) d[2], options);
            }
        }
        for (String file : List.of("hostname", "hosts", "resolv.conf")) {
            if (!userDestinations.contains("/etc/" + file)) {
                mount(mounts, in, "/etc/" + file, "bind", in.bundleDir().resolve(file).toString(),
                        List.of("rbind", "rprivate"));
            }
        }
        List<PlannedMount> user = new ArrayList<>(in.mounts());
        // parents before children: a mount under another user mount must come after it
        user.sort(Comparator.comparingInt(m -> Path.of(m.destination()).getNameCount()));
        for (PlannedMount m : user) {
            ObjectNode node = mounts.addObject();
            node.put("destination", m.destination());
            node.put("type", m.type());
            node.put("source", m.source());
            strings(node.putArray("options"), m.options());
        }
        return mounts;
    }

    private void mount(ArrayNode mounts, SpecInput in, String destination, String type, String source,
                       List<String> options) {
        if (in.rootfsIsExternal() && !destination.startsWith("/dev/") && !targetExists(in.rootfs(), destination)) {
            return;
        }
        ObjectNode m = mounts.addObject();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        strings(m.putArray("options"), options);
    }

    /** Whether {@code destination} exists inside the rootfs, without following a link out of it. */
    private static boolean targetExists(Path rootfs, String destination) {
        Path p = rootfs.resolve(destination.substring(1));
        return Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(p);
    }

    private ObjectNode linux(SpecInput in) {
        ObjectNode linux = json.createObjectNode();
        ArrayNode ns = linux.putArray("namespaces");
        SpecDefaults.NAMESPACES.forEach(n -> ns.addObject().put("type", n));
        if (in.security().maskPaths() && !in.security().privileged()) {
            strings(linux.putArray("maskedPaths"), SpecDefaults.MASKED_PATHS);
            strings(linux.putArray("readonlyPaths"), SpecDefaults.READONLY_PATHS);
        }
        String parent = in.host().cgroupParent() == null || in.host().cgroupParent().isEmpty()
                ? in.cgroupParent() : "/" + in.host().cgroupParent().replaceAll("^/+|/+$", "");
        linux.put("cgroupsPath", parent + "/" + in.id());
        ObjectNode res = linux.putObject("resources");
        ResourcesSpec.devices(res, in.security().privileged(), in.devices());
        resources.limits(res, in.host());
        if (!in.devices().isEmpty()) {
            ArrayNode devices = linux.putArray("devices");
            for (DeviceNode d : in.devices()) {
                devices.addObject().put("path", d.path()).put("type", d.type()).put("major", d.major())
                        .put("minor", d.minor()).put("fileMode", d.fileMode()).put("uid", d.uid()).put("gid", d.gid());
            }
        }
        Map<String, String> sysctls = in.host().sysctls();
        if (sysctls != null && !sysctls.isEmpty()) {
            ObjectNode s = linux.putObject("sysctl");
            sysctls.forEach(s::put);
        }
        if (in.security().seccomp() != null) {
            linux.set("seccomp", in.security().seccomp());
        }
        String propagation = rootfsPropagation(in.mounts());
        if (propagation != null) {
            linux.put("rootfsPropagation", propagation);
        }
        return linux;
    }

    /** A shared (slave) bind needs the container's root to be shared (at least a slave), as iSulad sets it. */
    private static String rootfsPropagation(List<PlannedMount> mounts) {
        String out = null;
        for (PlannedMount m : mounts) {
            if (m.options().contains("shared") || m.options().contains("rshared")) {
                return "shared";
            }
            if (m.options().contains("slave") || m.options().contains("rslave")) {
                out = "rslave";
            }
        }
        return out;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
