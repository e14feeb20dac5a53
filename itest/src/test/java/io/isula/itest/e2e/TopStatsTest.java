package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code isula top} (the host's ps, filtered to the container) and {@code isula stats} from the cgroups. */
class TopStatsTest extends E2eBase {

    @Test
    void topListsTheContainersProcessesIncludingADetachedExec() {
        String name = uniqueName("top");
        runDetached(name, "sleep", "1000");
        isula.ok("exec", "-d", name, "sleep", "4242");
        Result[] top = {null};
        Poll.until(Duration.ofSeconds(10), "the detached exec in top",
                () -> (top[0] = isula.ok("top", name)).stdout().contains("sleep 4242"), () -> String.valueOf(top[0]));
        List<String> lines = top[0].lines();
        assertTrue(lines.get(0).startsWith("UID") && lines.get(0).contains("PID") && lines.get(0).endsWith("CMD"),
                top[0]::toString);
        assertTrue(top[0].stdout().contains("sleep 1000"), top[0]::toString);
        assertEquals(3, lines.size(), () -> "the header and the container's two processes, nothing of the host:\n" + top[0]);

        Result custom = isula.ok("top", name, "-o", "pid,comm");
        assertEquals(List.of("PID", "COMMAND"), List.of(custom.lines().get(0).trim().split("\\s+")), custom::toString);
        assertTrue(custom.lines().stream().skip(1).allMatch(l -> l.trim().endsWith("sleep")), custom::toString);
    }

    @Test
    void topBadInput() {
        String stopped = uniqueName("topstopped");
        create(stopped, List.of(), "true");
        Result r = isula("top", stopped);
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("stopped container"), r::toString);
        Result missing = isula("top", uniqueName("nope"));
        assertEquals(1, missing.exitCode(), missing::toString);
        String name = uniqueName("topargs");
        runDetached(name, "sleep", "1000");
        Result noPid = isula("top", name, "-o", "comm");
        assertEquals(1, noPid.exitCode(), noPid::toString);
        assertTrue(noPid.stderr().contains("PID"), noPid::toString);
    }

    @Test
    void statsOfABusyLoopShowsItsCpuAndMemory() {
        String name = uniqueName("busy");
        // two spinning shells: over half a CPU even on a loaded machine
        String id = runDetached(name, "sh", "-c", "while :; do :; done & while :; do :; done");
        // each reading spans a second; on a machine busy with other work a reading can fall short, so up to four
        Result r = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            r = isula.ok("stats", "--no-stream", name);
            if (cpuOf(r) > 50) {
                break;
            }
        }
        Result reading = r;
        List<String> lines = r.lines();
        assertTrue(lines.get(0).startsWith("CONTAINER") && lines.get(0).contains("CPU %")
                && lines.get(0).contains("MEM USAGE / LIMIT") && lines.get(0).contains("BLOCK I / O"), reading::toString);
        String[] f = lines.get(1).trim().split("\\s+");
        assertEquals(id.substring(0, 12), f[0], reading::toString);
        assertTrue(cpuOf(reading) > 50, () -> "CPU % of a busy loop must be over 50:\n" + reading);
        assertTrue(lines.get(1).matches(".*\\d+\\.\\d\\d (B|KiB|MiB) / \\d+\\.\\d\\d (MiB|GiB).*"), reading::toString);
        assertTrue(Integer.parseInt(f[f.length - 1]) >= 2, () -> "two processes at least:\n" + reading);

        Result raw = isula.ok("stats", "--no-stream", "--original", name);
        assertTrue(raw.lines().get(0).trim().startsWith("ID") && raw.lines().get(0).contains("CpuUseNanos"), raw::toString);
        String[] v = raw.lines().get(1).trim().split("\\s+");
        assertEquals("running", v[2], raw::toString);
        assertTrue(Long.parseLong(v[3]) > 0, raw::toString);
        assertEquals(name, v[v.length - 1], raw::toString);
        isula.ok("rm", "-f", name);
    }

    private static double cpuOf(Result stats) {
        return Double.parseDouble(stats.lines().get(1).trim().split("\\s+")[1]);
    }

    @Test
    void statsListsRunningContainersOrAllWithA() {
        String running = uniqueName("statsup");
        String stopped = uniqueName("statsdown");
        String upId = runDetached(running, "sleep", "1000");
        String downId = create(stopped, List.of(), "true");
        Result r = isula.ok("stats", "--no-stream");
        assertTrue(r.stdout().contains(upId.substring(0, 12)), r::toString);
        assertTrue(!r.stdout().contains(downId.substring(0, 12)), r::toString);
        Result a = isula.ok("stats", "--no-stream", "-a");
        assertTrue(a.stdout().contains(downId.substring(0, 12)), a::toString);
        Result missing = isula("stats", "--no-stream", uniqueName("nope"));
        assertEquals(1, missing.exitCode(), missing::toString);
    }
}
