package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** cgroup limits read from inside and outside the container: memory and OOM, pids, CPU, update. */
class ResourcesTest extends E2eBase {

    @Test
    void aContainerOverItsMemoryLimitIsOomKilledAndInspectSaysSo() {
        String name = uniqueName("oom");
        long since = System.currentTimeMillis() / 1000 - 1;
        String id = runDetached(name, List.of("-m", "32m"), "sh", "-c",
                "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo survived ${#x}");
        Result wait = isula.ok("wait", name);
        assertEquals("137", wait.out(), () -> "killed by SIGKILL:\n" + wait + "\n" + isula("logs", name));
        assertEquals("true", inspectF(name, "{{.State.OOMKilled}}"));
        assertEquals(String.valueOf(32L << 20), inspectF(name, "{{.HostConfig.Memory}}"));
        assertTrue(!isula.ok("logs", name).all().contains("survived"));
        String events = Events.between(daemon.socket(), since, System.currentTimeMillis() / 1000 + 1);
        assertTrue(events.contains("\"Action\":\"oom\"") && events.contains(id), () -> "an oom event:\n" + events);
        isula.ok("rm", name);
    }

    @Test
    void pidsLimitStopsAForkBombAtTen() {
        String name = uniqueName("pids");
        // the subshell forks until the cgroup refuses, then dies of it; the container's init stays, by exec
        String id = runDetached(name, List.of("--pids-limit", "10"), "sh", "-c",
                "(while :; do sleep 300 & done); echo bomb-stopped; exec sleep 300");
        awaitLog(name, "bomb-stopped", Duration.ofSeconds(20));
        assertEquals("10", Cgroups.read("pids", id, "pids.max"));
        long current = Cgroups.number("pids", id, "pids.current");
        assertTrue(current >= 8 && current <= 10, "processes left in the cgroup: " + current);
        String events = Cgroups.read("pids", id, "pids.events");
        assertTrue(events.matches("max [1-9][0-9]*"), () -> "forks refused at the limit: " + events);
        assertTrue(isula.ok("logs", name).all().contains("can't fork"), () -> isula("logs", name).toString());
        isula.ok("rm", "-f", name);
    }

    @Test
    void halfACpuKeepsABusyLoopAtOrBelowSixtyPercent() {
        String name = uniqueName("cpus");
        String id = runDetached(name, List.of("--cpus", "0.5"), "sh", "-c", "while :; do :; done");
        assertEquals("50000", Cgroups.read("cpu", id, "cpu.cfs_quota_us"));
        assertEquals("100000", Cgroups.read("cpu", id, "cpu.cfs_period_us"));
        long t0 = System.nanoTime();
        long u0 = Cgroups.number("cpuacct", id, "cpuacct.usage");
        Poll.sleep(2000);
        long u1 = Cgroups.number("cpuacct", id, "cpuacct.usage");
        long t1 = System.nanoTime();
        double share = (u1 - u0) / (double) (t1 - t0);
        assertTrue(share <= 0.60, "CPU share over 2 s: " + share);
        assertTrue(share >= 0.20, "the loop does run: " + share);
        isula.ok("rm", "-f", name);
    }

    @Test
    void updateChangesTheCgroupOfARunningContainer() {
        String name = uniqueName("upd");
        String id = runDetached(name, List.of("-m", "32m", "--cpu-shares", "512"), "sleep", "300");
        assertEquals(String.valueOf(32L << 20), Cgroups.read("memory", id, "memory.limit_in_bytes"));
        assertEquals(String.valueOf(64L << 20), Cgroups.read("memory", id, "memory.memsw.limit_in_bytes"));
        Result u = isula.ok("update", "-m", "128m", "--cpu-shares", "256", "--pids-limit", "77", name);
        assertEquals(name, u.out());
        assertEquals(String.valueOf(128L << 20), Cgroups.read("memory", id, "memory.limit_in_bytes"));
        assertEquals(String.valueOf(256L << 20), Cgroups.read("memory", id, "memory.memsw.limit_in_bytes"));
        assertEquals("256", Cgroups.read("cpu", id, "cpu.shares"));
        assertEquals("77", Cgroups.read("pids", id, "pids.max"));
        assertEquals(String.valueOf(128L << 20), inspectF(name, "{{.HostConfig.Memory}}"));
        Result bad = isula("update", "-m", "1k", name);
        assertNotEquals(0, bad.exitCode());
        assertTrue(bad.stderr().contains("Minimum memory limit allowed is 4MB"), bad::toString);
        assertEquals(String.valueOf(128L << 20), Cgroups.read("memory", id, "memory.limit_in_bytes"));
        isula.ok("restart", "-t", "0", name);
        assertEquals(String.valueOf(128L << 20), Cgroups.read("memory", id, "memory.limit_in_bytes"),
                "the new limit survives a restart");
        isula.ok("rm", "-f", name);
    }

    @Test
    void readOnlyRootAndShmSizeAndUlimitsSeenInside() {
        Result r = isula(withRootfs(List.of("run", "--rm", "--read-only", "--shm-size", "8m", "--ulimit",
                "nofile=512:1024", "--tmpfs", "/scratch"), "sh", "-c",
                "touch /x 2>&1; echo rc=$?; df -k /dev/shm | tail -1; ulimit -n; touch /scratch/ok && echo tmpfs-ok"));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("Read-only file system") && r.stdout().contains("rc=1"), r::toString);
        assertTrue(r.stdout().contains(" 8192 "), () -> "an 8 MiB /dev/shm:\n" + r);
        assertTrue(r.lines().contains("512"), r::toString);
        assertTrue(r.lines().contains("tmpfs-ok"), r::toString);
    }
}
