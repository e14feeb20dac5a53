package io.isula.runtime.lxc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OciToLxcTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final OciToLxc.Paths PATHS = new OciToLxc.Paths(Path.of("/s/seccomp"), Path.of("/s"), Path.of("/b"));
    /** Host directories as the translator sees them (the rest are files). */
    private final OciToLxc translator = new OciToLxc(p -> Set.of("/data", "/proc/acpi").contains(p.toString()), false);

    /** A container as the kernel generates it: limits, a bind and a tmpfs, capabilities, env, a user. */
    static ObjectNode spec() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"ociVersion":"1.0.2",
                 "process":{"terminal":false,"user":{"uid":1000,"gid":100,"additionalGids":[10,20]},
                   "args":["sh","-c","echo a  b"],"env":["PATH=/bin","GREETING=hello world"],"cwd":"/work",
                   "capabilities":{"bounding":["CAP_CHOWN","CAP_KILL"],"effective":["CAP_CHOWN","CAP_KILL"],
                                   "permitted":["CAP_KILL","CAP_CHOWN"]},
                   "rlimits":[{"type":"RLIMIT_NOFILE","hard":2048,"soft":1024},
                              {"type":"RLIMIT_CORE","hard":18446744073709551615,"soft":0}],
                   "oomScoreAdj":500,"noNewPrivileges":true},
                 "root":{"path":"/rootfs","readonly":false},
                 "hostname":"box",
                 "mounts":[
                   {"destination":"/proc","type":"proc","source":"proc","options":["nosuid","noexec","nodev"]},
                   {"destination":"/dev","type":"tmpfs","source":"tmpfs","options":["nosuid","mode=755"]},
                   {"destination":"/dev/pts","type":"devpts","source":"devpts","options":["nosuid"]},
                   {"destination":"/sys","type":"sysfs","source":"sysfs","options":["nosuid","ro"]},
                   {"destination":"/sys/fs/cgroup","type":"cgroup","source":"cgroup","options":["ro","nosuid"]},
                   {"destination":"/dev/shm","type":"tmpfs","source":"shm","options":["nosuid","mode=1777","size=65536k"]},
                   {"destination":"/etc/hosts","type":"bind","source":"/b/hosts","options":["rbind","rprivate"]},
                   {"destination":"/mnt/my data","type":"bind","source":"/data","options":["rbind","ro"]}],
                 "linux":{
                   "namespaces":[{"type":"pid"},{"type":"network"},{"type":"ipc"},{"type":"uts"},{"type":"mount"}],
                   "maskedPaths":["/proc/kcore","/proc/acpi"],
                   "readonlyPaths":["/proc/sys","/proc/bus"],
                   "cgroupsPath":"/isulad/ID",
                   "resources":{
                     "devices":[{"allow":false,"access":"rwm"},{"allow":true,"type":"c","major":1,"minor":3,"access":"rwm"},
                                {"allow":true,"type":"c","major":136,"access":"rwm"}],
                     "memory":{"limit":67108864,"swap":134217728},
                     "cpu":{"shares":512,"period":100000,"quota":50000,"cpus":"0"},
                     "pids":{"limit":100},
                     "blockIO":{"weight":300}}}}
                """.replace("ID", ID));
    }

    @Test
    void everyKeyOfAContainerWithLimitsMountsCapsAndEnv() throws Exception {
        LxcSetup s = translator.translate(ID, spec(), PATHS);
        LxcConfig c = s.config();
        assertEquals(List.of("sh", "-c", "echo a  b"), s.argv());
        assertNull(s.seccomp());
        assertEquals("dir:/rootfs", c.value("lxc.rootfs.path"));
        assertNull(c.value("lxc.rootfs.options"));
        assertEquals("box", c.value("lxc.uts.name"));
        assertEquals(List.of("PATH=/bin", "GREETING=hello world"), c.values("lxc.environment"));
        assertEquals("/work", c.value("lxc.init.cwd"));
        assertEquals("1000", c.value("lxc.init.uid"));
        assertEquals("100", c.value("lxc.init.gid"));
        assertEquals("10,20", c.value("lxc.init.groups"));
        assertEquals("chown kill", c.value("lxc.cap.keep"));
        assertEquals("1024:2048", c.value("lxc.prlimit.nofile"));
        assertEquals("0:unlimited", c.value("lxc.prlimit.core"));
        assertEquals("500", c.value("lxc.proc.oom_score_adj"));
        assertEquals("1", c.value("lxc.no_new_privs"));
        assertEquals("pid net ipc uts mnt", c.value("lxc.namespace.clone"));
        assertEquals("empty", c.value("lxc.net.0.type"));
        assertEquals("proc:mixed sys:ro cgroup:ro", c.value("lxc.mount.auto"));
        assertEquals("1", c.value("lxc.autodev"));
        assertEquals("1024", c.value("lxc.pty.max"));
        assertEquals("none", c.value("lxc.console.path"));
        assertNull(c.value("lxc.log.file"));
        assertEquals(List.of(
                "shm dev/shm tmpfs nosuid,mode=1777,size=65536k,create=dir 0 0",
                "/b/hosts etc/hosts none rbind,rprivate,create=file 0 0",
                "/data mnt/my\\040data none rbind,ro,create=dir 0 0",
                "/dev/null proc/kcore none bind,optional 0 0",
                "tmpfs proc/acpi tmpfs ro,optional 0 0",
                "/proc/bus proc/bus none bind,ro,optional 0 0"), c.values("lxc.mount.entry"));
        assertEquals("isulad/" + ID, c.value("lxc.cgroup.dir.container"));
        assertEquals("isulad/" + ID + ".lcr-monitor", c.value("lxc.cgroup.dir.monitor"));
        assertEquals(List.of("a"), c.values("lxc.cgroup.devices.deny"));
        assertEquals(List.of("c 1:3 rwm", "c 136:* rwm"), c.values("lxc.cgroup.devices.allow"));
        assertEquals("67108864", c.value("lxc.cgroup.memory.limit_in_bytes"));
        assertEquals("134217728", c.value("lxc.cgroup.memory.memsw.limit_in_bytes"));
        assertEquals("512", c.value("lxc.cgroup.cpu.shares"));
        assertEquals("100000", c.value("lxc.cgroup.cpu.cfs_period_us"));
        assertEquals("50000", c.value("lxc.cgroup.cpu.cfs_quota_us"));
        assertEquals("0", c.value("lxc.cgroup.cpuset.cpus"));
        assertEquals("100", c.value("lxc.cgroup.pids.max"));
        assertEquals("300", c.value("lxc.cgroup.blkio.weight"));
        // memsw after the memory limit: the kernel refuses memsw below the limit
        List<String> keys = c.entries().stream().map(LxcConfig.Entry::key).toList();
        assertTrue(keys.indexOf("lxc.cgroup.memory.limit_in_bytes") < keys.indexOf("lxc.cgroup.memory.memsw.limit_in_bytes"));
    }

    @Test
    void readonlyRootHostNetworkAndJoinedNamespaces() throws Exception {
        ObjectNode spec = spec();
        ((ObjectNode) spec.get("root")).put("readonly", true);
        ((ObjectNode) spec.get("linux")).set("namespaces", JSON.readTree(
                "[{\"type\":\"pid\"},{\"type\":\"ipc\",\"path\":\"/proc/42/ns/ipc\"},{\"type\":\"mount\"}]"));
        LxcSetup setup = translator.translate(ID, spec, PATHS);
        LxcConfig c = setup.config();
        assertEquals("ro", c.value("lxc.rootfs.options"));
        // a read-only root gets its mount targets made beforehand, except in lxc's own /dev
        assertEquals(List.of(new LxcSetup.Target("/etc/hosts", false), new LxcSetup.Target("/mnt/my data", true)),
                setup.mountTargets());
        assertTrue(c.values("lxc.mount.entry").contains("shm dev/shm tmpfs nosuid,mode=1777,size=65536k,create=dir 0 0"));
        assertTrue(c.values("lxc.mount.entry").contains("/data mnt/my\\040data none rbind,ro 0 0"));
        assertEquals("none", c.value("lxc.net.0.type"));
        assertEquals("pid mnt", c.value("lxc.namespace.clone"));
        assertEquals("/proc/42/ns/ipc", c.value("lxc.namespace.share.ipc"));
    }

    @Test
    void seccompBecomesAnLxcPolicyFile() throws Exception {
        ObjectNode spec = spec();
        ((ObjectNode) spec.get("linux")).set("seccomp", JSON.readTree("""
                {"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":1,"syscalls":[
                  {"names":["read","write"],"action":"SCMP_ACT_ALLOW"},
                  {"names":["personality"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":8,"op":"SCMP_CMP_EQ"}]},
                  {"names":["clone3"],"action":"SCMP_ACT_ERRNO","errnoRet":38}]}"""));
        LxcSetup s = translator.translate(ID, spec, PATHS);
        assertEquals("/s/seccomp", s.config().value("lxc.seccomp.profile"));
        assertEquals("2\nallowlist errno 1\n[all]\nread allow\nwrite allow\npersonality allow [0,8,SCMP_CMP_EQ,0]\n"
                + "clone3 errno 38\n", s.seccomp());
    }

    @Test
    void aTerminalIsTheContainersConsoleWhenOneWasMade() throws Exception {
        ObjectNode spec = spec();
        ((ObjectNode) spec.get("process")).put("terminal", true);
        UnsupportedOption none = assertThrows(UnsupportedOption.class, () -> translator.translate(ID, spec, PATHS));
        assertTrue(none.getMessage().contains("process.terminal"), none.getMessage());
        LxcSetup s = translator.translate(ID, spec, new OciToLxc.Paths(Path.of("/s/seccomp"), Path.of("/s"),
                Path.of("/b"), "/dev/pts/7"));
        assertTrue(s.config().values("lxc.mount.entry").contains("/dev/pts/7 dev/console none bind,create=file 0 0"),
                s.config().render());
        assertEquals("none", s.config().value("lxc.console.path"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/process/user/umask|18|process.user.umask",
            "/process/capabilities/ambient|[\"CAP_KILL\"]|process.capabilities.ambient",
            "/process/capabilities/effective|[\"CAP_KILL\"]|process.capabilities.effective",
            "/process/ioPriority|{\"class\":\"IOPRIO_CLASS_IDLE\"}|process.ioPriority",
            "/linux/sysctl|{\"net.ipv4.ip_forward;reboot\":\"1\"}|linux.sysctl",
            "/linux/rootfsPropagation|\"shared\"|linux.rootfsPropagation",
            "/linux/resources/network|{\"classID\":1}|linux.resources.network",
            "/linux/intelRdt|{\"closID\":\"x\"}|linux.intelRdt",
            "/linux/readonlyPaths|[\"/etc\"]|linux.readonlyPaths",
            "/linux/seccomp|{\"defaultAction\":\"SCMP_ACT_NOTIFY\"}|defaultAction",
            "/linux/newThing|1|linux.newThing",
            "/hooks|{\"poststart\":[{\"path\":\"/bin/true\"}]}|hooks.poststart",
            "/hooks|{\"prestart\":[{\"path\":\"true\"}]}|hooks.prestart.path",
            "/domainname|\"x\"|domainname"})
    void anOptionLxcCannotExpressFailsNamingIt(String pointer, String value, String named) throws Exception {
        ObjectNode spec = spec();
        int slash = pointer.lastIndexOf('/');
        ObjectNode parent = (ObjectNode) spec.at(pointer.substring(0, slash));
        parent.set(pointer.substring(slash + 1), JSON.readTree(value));
        UnsupportedOption e = assertThrows(UnsupportedOption.class, () -> translator.translate(ID, spec, PATHS));
        assertTrue(e.getMessage().contains(named), e.getMessage());
        assertTrue(e.getMessage().startsWith("runtime lcr cannot apply OCI option "), e.getMessage());
    }

    @Test
    void hooksBecomeLxcHooksThatHandTheStateOnStdin() throws Exception {
        ObjectNode spec = spec();
        spec.set("hooks", JSON.readTree("""
                {"prestart":[{"path":"/h/record","args":["record","pre"],"env":["A=1"],"timeout":5}],
                 "poststop":[{"path":"/h/record","args":["record","post"]}]}"""));
        LxcSetup s = translator.translate(ID, spec, PATHS);
        assertEquals("/s/hook-prestart-0", s.config().value("lxc.hook.start-host"));
        assertEquals("/s/hook-poststop-0", s.config().value("lxc.hook.post-stop"));
        String pre = s.hooks().get(0).text();
        assertTrue(pre.contains("'timeout' '-s' 'KILL' '5' 'env' '-i' 'A=1' '/h/record' 'pre'"), pre);
        // run the script as lxc would (LXC_PID set), with cat in place of the hook: it prints the state
        String script = pre.replace("'timeout' '-s' 'KILL' '5' 'env' '-i' 'A=1' '/h/record' 'pre'", "cat");
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script);
        pb.environment().put("LXC_PID", "4242");
        Process p = pb.start();
        JsonNode state = JSON.readTree(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor());
        assertEquals(ID, state.path("id").asText());
        assertEquals(4242, state.path("pid").asInt());
        assertEquals("created", state.path("status").asText());
        assertEquals("/b", state.path("bundle").asText());
        assertTrue(s.hooks().get(1).text().contains("\"status\":\"stopped\""), s.hooks().get(1).text());
    }

    @Test
    void sysctlsAreWrittenFromTheHostInTheContainersNamespaces() throws Exception {
        ObjectNode spec = spec();
        ((ObjectNode) spec.get("linux")).set("sysctl", JSON.readTree("{\"kernel.shmmax\":\"123456789\"}"));
        LxcSetup s = translator.translate(ID, spec, PATHS);
        assertEquals("/s/hook-sysctl", s.config().value("lxc.hook.start-host"));
        assertNull(s.config().value("lxc.sysctl.kernel.shmmax"));
        assertTrue(s.hooks().get(0).text().contains("nsenter -t \"$LXC_PID\" -n -i -u"), s.hooks().get(0).text());
        assertTrue(s.hooks().get(0).text().contains("'123456789' '/proc/sys/kernel/shmmax'"), s.hooks().get(0).text());
    }

    @Test
    void withoutAMountNamespaceItFails() throws Exception {
        ObjectNode spec = spec();
        ((ObjectNode) spec.get("linux")).set("namespaces", JSON.readTree("[{\"type\":\"pid\"}]"));
        assertThrows(UnsupportedOption.class, () -> translator.translate(ID, spec, PATHS));
    }

    @Test
    void aLineBreakInAValueCannotInjectAKey() throws Exception {
        ObjectNode spec = spec();
        ((com.fasterxml.jackson.databind.node.ArrayNode) spec.at("/process/env")).add("X=1\nlxc.cap.keep = sys_admin");
        UnsupportedOption e = assertThrows(UnsupportedOption.class, () -> translator.translate(ID, spec, PATHS));
        assertTrue(e.getMessage().contains("lxc.environment"), e.getMessage());
    }

    @Test
    void theKernelsDefaultSeccompProfileTranslates() throws Exception {
        JsonNode profile = JSON.readTree("""
                {"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["socket"],"action":"SCMP_ACT_ALLOW",
                 "args":[{"index":0,"value":40,"op":"SCMP_CMP_NE"}]}]}""");
        assertEquals("2\nallowlist errno 1\n[all]\nsocket allow [0,40,SCMP_CMP_NE,0]\n", SeccompText.of(profile));
    }
}
