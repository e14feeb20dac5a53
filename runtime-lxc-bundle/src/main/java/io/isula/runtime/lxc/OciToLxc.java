package io.isula.runtime.lxc;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The OCI runtime spec → lxc config translation, as one table per spec object: every member of the spec has a row,
 * and a member without a row (or with a value lxc cannot express) fails the create with {@link UnsupportedOption},
 * naming it. Nothing is dropped silently.
 */
final class OciToLxc {
    /** Paths lxc's {@code proc:mixed} already makes read-only (the container's own /proc/sys). */
    private static final Set<String> PROC_MIXED_READONLY = Set.of("/proc/sys", "/proc/sysrq-trigger");
    private static final String UNLIMITED = "18446744073709551615";
    /** Device nodes lxc makes itself (its devpts instance and console): a bind over them would break its setup. */
    private static final Set<String> LXC_OWN_DEVICES = Set.of("/dev/ptmx", "/dev/console", "/dev/tty");

    /**
     * Where the container's lxc files go (lxc-execute gets its log file on its command line), and the slave of the
     * terminal made for the container when it has one ({@code process.terminal}), else null.
     */
    record Paths(Path seccompFile, Path hookDir, Path bundle, String terminal) {
        Paths(Path seccompFile, Path hookDir, Path bundle) {
            this(seccompFile, hookDir, bundle, null);
        }
    }

    private final Predicate<Path> isHostDirectory;
    private final Map<String, Rule> resources;

    /** {@code cgroupV2}: the host has the unified hierarchy only, so limits become {@code lxc.cgroup2.*} keys. */
    OciToLxc(Predicate<Path> isHostDirectory, boolean cgroupV2) {
        this.isHostDirectory = isHostDirectory;
        this.resources = cgroupV2 ? CgroupRules.v2() : CgroupRules.v1();
    }

    OciToLxc(boolean cgroupV2) {
        this(Files::isDirectory, cgroupV2);
    }

    /** The translation's state while one spec is walked. */
    static final class Work {
        final LxcConfig config = new LxcConfig();
        final List<String> argv = new ArrayList<>();
        final Map<String, String> autoMounts = new LinkedHashMap<>();
        final List<String> entries = new ArrayList<>();
        final List<LxcSetup.Target> targets = new ArrayList<>();
        final List<OciHooks.Script> hooks = new ArrayList<>();
        boolean readonlyRoot;
        final String id;
        final Paths paths;
        String seccomp;
        boolean dev;
        boolean devpts;

        Work(String id, Paths paths) {
            this.id = id;
            this.paths = paths;
        }
    }

    /** One row of a translation table: what a spec value becomes in the lxc config. */
    interface Rule extends BiConsumer<JsonNode, Work> {
    }

    private final Map<String, Rule> top = table(
            "ociVersion", (Rule) (v, w) -> { },
            "annotations", (Rule) (v, w) -> { },
            "root", (Rule) this::root,
            "hostname", (Rule) (v, w) -> w.config.add("lxc.uts.name", v.asText()),
            "mounts", (Rule) (v, w) -> v.forEach(m -> mount(m, w)),
            "process", (Rule) (v, w) -> walk("process", v, processTable(), w),
            "linux", (Rule) (v, w) -> walk("linux", v, linuxTable(), w),
            "hooks", (Rule) (v, w) -> {
                for (OciHooks.Script h : OciHooks.of(v, w.id, w.paths.bundle())) {
                    w.hooks.add(h);
                    w.config.add(h.lxcKey(), w.paths.hookDir().resolve(h.fileName()).toString());
                }
            },
            "domainname", (Rule) (v, w) -> unsupported("domainname", "lxc sets no NIS domain name"));

    LxcSetup translate(String id, JsonNode spec, Paths paths) {
        Work w = new Work(id, paths);
        w.config.add("lxc.console.path", "none");
        w.config.add("lxc.tty.max", "0");
        if (!spec.has("hostname")) {
            w.config.add("lxc.uts.name", id.substring(0, Math.min(12, id.length())));
        }
        walk("", spec, top, w);
        if (!spec.has("root")) {
            throw new UnsupportedOption("root", "a container needs a root file system");
        }
        if (!spec.has("linux") || !spec.path("linux").has("namespaces")) {
            namespaces(spec.path("linux").path("namespaces"), w);
        }
        if (!w.autoMounts.isEmpty()) {
            w.config.add("lxc.mount.auto", String.join(" ", w.autoMounts.values()));
        }
        w.config.add("lxc.autodev", w.dev ? "1" : "0");
        w.config.add("lxc.pty.max", w.devpts ? "1024" : "0");
        w.entries.forEach(e -> w.config.add("lxc.mount.entry", e));
        if (w.argv.isEmpty()) {
            throw new UnsupportedOption("process.args", "no command to run");
        }
        return new LxcSetup(w.config, w.argv, w.seccomp, w.targets, w.hooks);
    }

    // ---- process ----

    /**
     * The terminal's slave is the container's stdio (lxc's console stays off); bound over /dev/console it has a name
     * inside the container too, as lxc names its own consoles.
     */
    private void terminal(JsonNode v, Work w) {
        if (!v.asBoolean()) {
            return;
        }
        if (w.paths.terminal() == null) {
            throw new UnsupportedOption("process.terminal", "no terminal was made for the container");
        }
        w.entries.add(field(w.paths.terminal()) + " dev/console none bind,create=file 0 0");
    }

    private Map<String, Rule> processTable() {
        return table(
                "terminal", (Rule) this::terminal,
                "consoleSize", (Rule) (v, w) -> { },
                "args", (Rule) (v, w) -> v.forEach(a -> w.argv.add(a.asText())),
                "commandLine", (Rule) (v, w) -> unsupported("process.commandLine", "it is for Windows"),
                "env", (Rule) (v, w) -> v.forEach(e -> w.config.add("lxc.environment", e.asText())),
                "cwd", (Rule) (v, w) -> w.config.add("lxc.init.cwd", v.asText()),
                "user", (Rule) (v, w) -> walk("process.user", v, userTable(), w),
                "capabilities", (Rule) this::capabilities,
                "rlimits", (Rule) (v, w) -> v.forEach(r -> w.config.add(
                        "lxc.prlimit." + r.path("type").asText().replaceFirst("^RLIMIT_", "").toLowerCase(Locale.ROOT),
                        limit(r.path("soft")) + ":" + limit(r.path("hard")))),
                "noNewPrivileges", (Rule) (v, w) -> w.config.add("lxc.no_new_privs", v.asBoolean() ? "1" : "0"),
                "oomScoreAdj", (Rule) (v, w) -> w.config.add("lxc.proc.oom_score_adj", v.asText()),
                "apparmorProfile", (Rule) (v, w) -> w.config.add("lxc.apparmor.profile", v.asText()),
                "selinuxLabel", (Rule) (v, w) -> w.config.add("lxc.selinux.context", v.asText()),
                "ioPriority", (Rule) (v, w) -> unsupported("process.ioPriority", "lxc sets no I/O priority"),
                "scheduler", (Rule) (v, w) -> unsupported("process.scheduler", "lxc sets no scheduling policy"));
    }

    private Map<String, Rule> userTable() {
        return table(
                "uid", (Rule) (v, w) -> w.config.add("lxc.init.uid", v.asText()),
                "gid", (Rule) (v, w) -> w.config.add("lxc.init.gid", v.asText()),
                "additionalGids", (Rule) (v, w) -> {
                    List<String> gids = new ArrayList<>();
                    v.forEach(g -> gids.add(g.asText()));
                    if (!gids.isEmpty()) {
                        w.config.add("lxc.init.groups", String.join(",", gids));
                    }
                },
                "username", (Rule) (v, w) -> { },
                "umask", (Rule) (v, w) -> unsupported("process.user.umask", "upstream lxc has no umask setting"));
    }

    /** lxc keeps one set: the bounding set, with effective and permitted equal to it. */
    private void capabilities(JsonNode caps, Work w) {
        List<String> bounding = names(caps.path("bounding"));
        for (Iterator<String> it = caps.fieldNames(); it.hasNext(); ) {
            String set = it.next();
            List<String> values = names(caps.path(set));
            switch (set) {
                case "bounding" -> { }
                case "effective", "permitted" -> {
                    if (!Set.copyOf(values).equals(Set.copyOf(bounding))) {
                        unsupported("process.capabilities." + set, "lxc keeps one capability set (the bounding set)");
                    }
                }
                case "inheritable", "ambient" -> {
                    if (!values.isEmpty()) {
                        unsupported("process.capabilities." + set, "lxc sets no " + set + " capabilities");
                    }
                }
                default -> unsupported("process.capabilities." + set, "unknown capability set");
            }
        }
        List<String> keep = bounding.stream().map(c -> c.replaceFirst("^CAP_", "").toLowerCase(Locale.ROOT)).toList();
        w.config.add("lxc.cap.keep", keep.isEmpty() ? "none" : String.join(" ", keep));
    }

    // ---- root and mounts ----

    private void root(JsonNode root, Work w) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("path") && !f.equals("readonly")) {
                unsupported("root." + f, "unknown member");
            }
        }
        w.config.add("lxc.rootfs.path", "dir:" + root.path("path").asText());
        if (root.path("readonly").asBoolean()) {
            w.config.add("lxc.rootfs.options", "ro");
            w.readonlyRoot = true;
        }
    }

    private void mount(JsonNode m, Work w) {
        String dst = m.path("destination").asText();
        String type = m.path("type").asText("");
        String source = m.path("source").asText("");
        List<String> options = new ArrayList<>();
        m.path("options").forEach(o -> options.add(o.asText()));
        if (!dst.startsWith("/") || dst.contains("/../") || dst.endsWith("/..")) {
            unsupported("mounts.destination", "'" + dst + "' is not a clean absolute path");
        }
        boolean ro = options.contains("ro");
        switch (dst + " " + type) {
            case "/proc proc" -> { w.autoMounts.put("proc", "proc:mixed"); return; }
            case "/sys sysfs" -> { w.autoMounts.put("sys", ro ? "sys:ro" : "sys:rw"); return; }
            case "/sys/fs/cgroup cgroup" -> { w.autoMounts.put("cgroup", ro ? "cgroup:ro" : "cgroup:rw"); return; }
            case "/dev tmpfs" -> { w.dev = true; return; }
            case "/dev/pts devpts" -> { w.devpts = true; return; }
            default -> { }
        }
        String target = dst.substring(1);
        boolean bind = type.equals("bind") || options.contains("bind") || options.contains("rbind");
        List<String> opts = new ArrayList<>(options);
        if (bind) {
            if (!source.startsWith("/")) {
                unsupported("mounts.source", "bind source '" + source + "' is not absolute");
            }
            if (!opts.contains("bind") && !opts.contains("rbind")) {
                opts.add(0, "bind");
            }
            create(w, opts, dst, isHostDirectory.test(Path.of(source)));
            w.entries.add(field(source) + " " + field(target) + " none " + String.join(",", opts) + " 0 0");
        } else {
            if (type.isEmpty()) {
                unsupported("mounts.type", "mount at " + dst + " has no type");
            }
            create(w, opts, dst, true);
            w.entries.add(field(source.isEmpty() ? type : source) + " " + field(target) + " " + type + " "
                    + String.join(",", opts) + " 0 0");
        }
    }

    /**
     * lxc creates a missing mount target, except in a read-only root: there the engine creates it on the host
     * beforehand (as runc does), and lxc is told nothing. lxc's own /dev (autodev) is a writable tmpfs that hides
     * the rootfs's: lxc creates targets there.
     */
    private static void create(Work w, List<String> opts, String dst, boolean directory) {
        if (w.readonlyRoot && !(w.dev && dst.startsWith("/dev/"))) {
            w.targets.add(new LxcSetup.Target(dst, directory));
        } else {
            opts.add(directory ? "create=dir" : "create=file");
        }
    }

    /** fstab fields are separated by blanks: lxc reads {@code \040} as a blank inside one. */
    private static String field(String s) {
        if (s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0) {
            unsupported("mounts", "path '" + s + "' has a tab or line break");
        }
        return s.replace(" ", "\\040");
    }

    // ---- linux ----

    private Map<String, Rule> linuxTable() {
        return table(
                "namespaces", (Rule) (v, w) -> namespaces(v, w),
                "uidMappings", (Rule) (v, w) -> v.forEach(m -> idmap("u", m, w)),
                "gidMappings", (Rule) (v, w) -> v.forEach(m -> idmap("g", m, w)),
                "cgroupsPath", (Rule) (v, w) -> {
                    String path = v.asText().replaceAll("^/+|/+$", "");
                    if (path.isEmpty() || path.contains("..")) {
                        unsupported("linux.cgroupsPath", "'" + v.asText() + "' is not a relative cgroup path");
                    }
                    w.config.add("lxc.cgroup.dir.container", path);
                    w.config.add("lxc.cgroup.dir.monitor", path + ".lcr-monitor");
                },
                "resources", (Rule) (v, w) -> walk("linux.resources", v, resources, w),
                "devices", (Rule) (v, w) -> v.forEach(d -> {
                    String p = d.path("path").asText();
                    if (LXC_OWN_DEVICES.contains(p) || p.startsWith("/dev/pts/")) {
                        return;
                    }
                    w.entries.add(field(p) + " " + field(p.substring(1)) + " none bind,optional,create=file 0 0");
                }),
                "sysctl", (Rule) (v, w) -> {
                    if (v.size() > 0) {
                        // lxc.sysctl.* is written after /proc/sys went read-only: set them from the host instead
                        OciHooks.Script h = OciHooks.sysctls(v);
                        w.hooks.add(h);
                        w.config.add(h.lxcKey(), w.paths.hookDir().resolve(h.fileName()).toString());
                    }
                },
                "seccomp", (Rule) (v, w) -> {
                    w.seccomp = SeccompText.of(v);
                    w.config.add("lxc.seccomp.profile", w.paths.seccompFile().toString());
                },
                "maskedPaths", (Rule) (v, w) -> v.forEach(p -> {
                    String path = p.asText();
                    w.entries.add(isHostDirectory.test(Path.of(path))
                            ? "tmpfs " + field(path.substring(1)) + " tmpfs ro,optional 0 0"
                            : "/dev/null " + field(path.substring(1)) + " none bind,optional 0 0");
                }),
                "readonlyPaths", (Rule) (v, w) -> v.forEach(p -> readonly(p.asText(), w)),
                "rootfsPropagation", (Rule) (v, w) -> unsupported("linux.rootfsPropagation",
                        "lxc mounts the rootfs private (shared or slave bind mounts need it)"),
                "mountLabel", (Rule) (v, w) -> {
                    if (!v.asText().isEmpty()) {
                        unsupported("linux.mountLabel", "lxc sets no SELinux mount label");
                    }
                },
                "intelRdt", (Rule) (v, w) -> unsupported("linux.intelRdt", "lxc has no Intel RDT setting"),
                "personality", (Rule) (v, w) -> unsupported("linux.personality", "lxc sets the personality from lxc.arch only"));
    }

    private void namespaces(JsonNode list, Work w) {
        Map<String, String> lxcName = Map.of("pid", "pid", "network", "net", "ipc", "ipc", "uts", "uts",
                "mount", "mnt", "cgroup", "cgroup", "user", "user");
        List<String> clone = new ArrayList<>();
        boolean net = false;
        boolean mnt = false;
        for (JsonNode n : list) {
            String type = n.path("type").asText();
            String name = lxcName.get(type);
            if (name == null) {
                unsupported("linux.namespaces", "unknown namespace type '" + type + "'");
            }
            String path = n.path("path").asText("");
            net |= type.equals("network");
            mnt |= type.equals("mount");
            if (path.isEmpty()) {
                clone.add(name);
            } else if (type.equals("mount")) {
                unsupported("linux.namespaces", "lxc cannot join an existing mount namespace");
            } else {
                w.config.add("lxc.namespace.share." + name, path);
            }
        }
        if (!mnt) {
            unsupported("linux.namespaces", "lxc always gives a container its own mount namespace");
        }
        w.config.add("lxc.namespace.clone", String.join(" ", clone));
        w.config.add("lxc.net.0.type", net ? "empty" : "none");
    }

    private static void idmap(String kind, JsonNode m, Work w) {
        w.config.add("lxc.idmap", kind + " " + m.path("containerID").asLong() + " " + m.path("hostID").asLong() + " "
                + m.path("size").asLong());
    }

    private void readonly(String path, Work w) {
        if (PROC_MIXED_READONLY.contains(path) && "proc:mixed".equals(w.autoMounts.get("proc"))) {
            return;
        }
        if (!path.startsWith("/proc/")) {
            unsupported("linux.readonlyPaths", "lxc can make read-only only /proc paths (" + path + ")");
        }
        // the rest of /proc outside /proc/sys shows the same content in every namespace: bind the host's, read-only
        w.entries.add(field(path) + " " + field(path.substring(1)) + " none bind,ro,optional 0 0");
    }

    private static String limit(JsonNode n) {
        String s = n.asText();
        return s.equals(UNLIMITED) || s.equals("-1") ? "unlimited" : s;
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    // ---- the table walk ----

    /** Applies the rows of {@code table} in the table's order (mounts before the paths that depend on them). */
    static void walk(String prefix, JsonNode object, Map<String, Rule> table, Work w) {
        if (!object.isObject()) {
            unsupported(prefix.isEmpty() ? "spec" : prefix, "not a JSON object");
        }
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!table.containsKey(name) && !object.get(name).isNull()) {
                unsupported(prefix.isEmpty() ? name : prefix + "." + name, "lxc has no equivalent");
            }
        }
        for (Map.Entry<String, Rule> row : table.entrySet()) {
            JsonNode value = object.get(row.getKey());
            if (value != null && !value.isNull()) {
                row.getValue().accept(value, w);
            }
        }
    }

    static Map<String, Rule> table(Object... keysAndRules) {
        Map<String, Rule> t = new LinkedHashMap<>();
        for (int i = 0; i < keysAndRules.length; i += 2) {
            t.put((String) keysAndRules[i], (Rule) keysAndRules[i + 1]);
        }
        return t;
    }

    static void unsupported(String option, String why) {
        throw new UnsupportedOption(option, why);
    }
}
