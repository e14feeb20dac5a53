package io.isula.core.internal.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Generates a container's OCI runtime spec (the bundle's config.json) with Docker's safe defaults. */
public final class OciSpecFactory {
    private final ObjectMapper json;

    public OciSpecFactory(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode create(SpecInput in) {
        ObjectNode spec = json.createObjectNode();
        spec.put("ociVersion", SpecDefaults.OCI_VERSION);
        spec.set("process", process(in));
        ObjectNode root = spec.putObject("root");
        root.put("path", in.rootfs().toString());
        root.put("readonly", false);
        spec.put("hostname", in.hostname());
        spec.set("mounts", mounts(in));
        spec.set("linux", linux(in));
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
            strings(caps.putArray(set), SpecDefaults.CAPABILITIES);
        }
        p.put("noNewPrivileges", false);
        return p;
    }

    private ArrayNode mounts(SpecInput in) {
        ArrayNode mounts = json.createArrayNode();
        mount(mounts, in, "/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev"));
        mount(mounts, in, "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k"));
        mount(mounts, in, "/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"));
        mount(mounts, in, "/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro"));
        mount(mounts, in, "/sys/fs/cgroup", "cgroup", "cgroup", List.of("ro", "nosuid", "noexec", "nodev"));
        mount(mounts, in, "/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev"));
        mount(mounts, in, "/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=67108864"));
        for (String file : List.of("hostname", "hosts", "resolv.conf")) {
            mount(mounts, in, "/etc/" + file, "bind", in.bundleDir().resolve(file).toString(), List.of("rbind", "rprivate"));
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
        strings(linux.putArray("maskedPaths"), SpecDefaults.MASKED_PATHS);
        strings(linux.putArray("readonlyPaths"), SpecDefaults.READONLY_PATHS);
        linux.put("cgroupsPath", in.cgroupParent() + "/" + in.id());
        ObjectNode resources = linux.putObject("resources");
        ArrayNode devices = resources.putArray("devices");
        devices.addObject().put("allow", false).put("access", "rwm");
        for (int[] d : SpecDefaults.ALLOWED_CHAR_DEVICES) {
            ObjectNode dev = devices.addObject().put("allow", true).put("type", "c").put("major", d[0]);
            if (d[1] >= 0) {
                dev.put("minor", d[1]);
            }
            dev.put("access", "rwm");
        }
        return linux;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
