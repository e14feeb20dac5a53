package io.isula.itest.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runtime lcr (liblxc) on its own: {@code info} lists it and its alias, the generated lxc config takes effect inside
 * the container (limits, mounts, capabilities, env, user, cwd, hostname), an OCI option lxc cannot express fails at
 * create naming it, and lxc's own errors reach the user.
 */
class LcrRuntimeTest extends E2eBase {
    @Override
    protected String defaultRuntime() {
        return "lcr";
    }

    @Test
    void infoListsLcrAndItsAliasAndBothRun() {
        Result info = isula.ok("info");
        String runtimes = info.lines().stream().filter(l -> l.startsWith("Runtimes:")).findFirst().orElse("");
        assertTrue(List.of(runtimes.split("\\s+")).containsAll(List.of("lcr", "lxc", "runc")), info::toString);
        assertTrue(info.stdout().contains("Default Runtime: lcr"), info::toString);
        for (String runtime : List.of("lcr", "lxc")) {
            Result r = isula(withRootfs(List.of("run", "--rm", "--runtime", runtime), "sh", "-c", "echo on-$0; exit 3",
                    runtime));
            assertEquals(3, r.exitCode(), r::toString);
            assertEquals("on-" + runtime, r.out(), r::toString);
        }
    }

    @Test
    void theLxcConfigTakesEffectInside() throws Exception {
        Path data = Files.createDirectories(daemon.dir().resolve("lcr-data"));
        Files.writeString(data.resolve("file"), "from-the-host\n");
        String name = uniqueName("effect");
        String script = String.join("; ",
                "echo env=$GREETING", "echo host=$(hostname)", "echo cwd=$(pwd)", "echo id=$(id -u):$(id -g)",
                "echo nofile=$(ulimit -n):$(ulimit -Hn)", "grep CapBnd /proc/self/status",
                "echo data=$(cat /data/file)", "touch /data/x 2>/dev/null; echo data-write=$?",
                "touch /scratch/x && echo scratch=ok", "echo pid1=$(cat /proc/1/comm)",
                "p=$(grep :memory: /proc/self/cgroup | cut -d: -f3); echo cgroup=$p");
        Result r = isula(withRootfs(List.of("run", "--rm", "-n", name, "-e", "GREETING=hello lxc world",
                "-h", "lcrbox", "--workdir", "/tmp", "-u", "1000:1000", "--ulimit", "nofile=512:1024",
                "--cap-drop", "ALL", "--cap-add", "KILL", "--cap-add", "CHOWN",
                "-v", data + ":/data:ro", "--tmpfs", "/scratch:mode=1777", "-m", "64m", "--pids-limit", "50"),
                "sh", "-c", script));
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.lines();
        assertTrue(lines.contains("env=hello lxc world"), r::toString);
        assertTrue(lines.contains("host=lcrbox"), r::toString);
        assertTrue(lines.contains("cwd=/tmp"), r::toString);
        assertTrue(lines.contains("id=1000:1000"), r::toString);
        assertTrue(lines.contains("nofile=512:1024"), r::toString);
        // CAP_CHOWN (0) and CAP_KILL (5) only
        assertTrue(lines.contains("CapBnd:\t0000000000000021"), r::toString);
        assertTrue(lines.contains("data=from-the-host"), r::toString);
        assertFalse(lines.contains("data-write=0"), () -> "a :ro bind is read-only:\n" + r);
        assertTrue(lines.contains("scratch=ok"), r::toString);
        assertTrue(lines.contains("pid1=lxc-execute") || lines.contains("pid1=init"),
                () -> "lxc-execute runs lxc's init as PID 1, the command as PID 2:\n" + r);
        String cgroup = lines.stream().filter(l -> l.startsWith("cgroup=")).findFirst().orElse("cgroup=");
        assertTrue(cgroup.endsWith("/isulad/" + cgroup.substring(cgroup.lastIndexOf('/') + 1)) && cgroup.length() > 70,
                () -> "the container's cgroup is the spec's cgroupsPath:\n" + r);
    }

    @Test
    void limitsAreTheContainersCgroupFiles() {
        String name = uniqueName("limits");
        String id = runDetached(name, List.of("-m", "64m", "--cpu-shares", "512", "--pids-limit", "50"),
                "sleep", "300");
        assertEquals(String.valueOf(64L << 20), Cgroups.read("memory", id, "memory.limit_in_bytes"));
        assertEquals("512", Cgroups.read("cpu", id, "cpu.shares"));
        assertEquals("50", Cgroups.read("pids", id, "pids.max"));
        Result inside = isula.ok("exec", name, "sh", "-c", "cat /proc/self/cgroup | grep -c " + id);
        assertTrue(Integer.parseInt(inside.out()) >= 5, () -> "exec joins the container's cgroups:\n" + inside);
        isula.ok("rm", "-f", name);
        Poll.until(java.time.Duration.ofSeconds(10), "lxc's cgroups of the container to go",
                () -> !Files.exists(Path.of("/sys/fs/cgroup/memory/isulad/" + id))
                        && !Files.exists(Path.of("/sys/fs/cgroup/memory/isulad/" + id + ".lcr-monitor")));
    }

    @Test
    void anOptionLxcCannotExpressFailsNamingIt() {
        // the runtime creates the container when it starts: run shows it
        Path shared = daemon.dir().resolve("lcr-shared");
        Result propagation = isula(withRootfs(List.of("run", "--rm", "-v", shared + ":/shared:shared"), "true"));
        assertEquals(125, propagation.exitCode(), propagation::toString);
        assertTrue(propagation.stderr().contains("runtime lcr cannot apply OCI option linux.rootfsPropagation"),
                propagation::toString);
        // nothing half-made stays behind
        assertFalse(isula.ok("ps", "-a", "--format", "{{.Status}}").stdout().contains("Created"),
                () -> isula.ok("ps", "-a").toString());
    }

    @Test
    void lxcsOwnErrorReachesTheUser() {
        // root here may not raise a hard limit past its own (no CAP_SYS_RESOURCE): lxc refuses at start
        Result r = isula(withRootfs(List.of("run", "--rm", "--ulimit", "nofile=4000000:4000000"), "true"));
        assertEquals(125, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("Failed to set limit nofile"), r::toString);
        assertTrue(r.stderr().contains("lcr start of container"), r::toString);
    }
}
