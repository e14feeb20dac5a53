package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kata bundle stopped in the daemon's console while a shim v2 container runs: the container runs on, new work
 * for the runtime is refused clearly, and once the bundle is started again the container is picked up (exec, stop).
 */
class ShimV2LiveProviderTest {
    @Test
    void stoppingTheKataBundleLeavesShimContainersRunningAndStartingItPicksThemUp() throws IOException {
        Env.requireDaemonPrerequisites();
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "isula-e2e-shim-live-");
        try (BusyboxRootfs rootfs = BusyboxRootfs.create()) {
            Files.writeString(dir.resolve("daemon.json"), "{}");
            String run = "isula:isula run --runtime io.containerd.runc.v2 --external-rootfs " + rootfs.path() + " none";
            String bundle = "each ($.context bundles) { if { ($it symbolicName) equals io.isula.runtime-kata-bundle } { $it ";
            String script = run.replace(" run ", " run -d -n live ") + " sleep 1000; "
                    + "echo MARK-pid-before; isula:isula inspect -f {{.State.Pid}} live; "
                    + bundle + "stop } }; "
                    + "echo MARK-stopped; isula:isula ps; "
                    + run.replace(" run ", " run --rm ") + " true; "
                    + "echo MARK-pid-while-stopped; isula:isula inspect -f {{.State.Pid}} live; "
                    + bundle + "start } }; "
                    + "echo MARK-started; isula:isula exec live echo picked-up-again; "
                    + "isula:isula stop -t 1 live; isula:isula inspect -f {{.State.Status}}/{{.State.ExitCode}} live; "
                    + "isula:isula rm live";
            Result r = Exec.run(List.of(Env.isuladBin().toString(), "-H", "unix://" + dir.resolve("s.sock"),
                            "-g", dir.resolve("g").toString(), "-S", dir.resolve("s").toString(),
                            "-p", dir.resolve("pid").toString(), "--config-file", dir.resolve("daemon.json").toString()),
                    Map.of("ISULAD_GOSH_ARGS", "-q -c '" + script + "'"), null, Duration.ofSeconds(120));
            String out = r.stdout() + r.stderr();
            List<String> lines = out.lines().map(String::strip).toList();
            String pidBefore = after(lines, "MARK-pid-before");
            String pidWhileStopped = after(lines, "MARK-pid-while-stopped");
            assertTrue(pidBefore.matches("[1-9][0-9]*"), out);
            assertEquals(pidBefore, pidWhileStopped, "the container keeps running while the bundle is stopped:\n" + out);
            assertTrue(Procs.cmdline(Long.parseLong(pidBefore)).isEmpty(), "the container is gone after its stop:\n" + out);
            String stopped = out.substring(out.indexOf("MARK-stopped"), out.indexOf("MARK-pid-while-stopped"));
            assertTrue(stopped.contains("live") && stopped.contains("Up"), "ps still lists it running:\n" + out);
            // the console prints errors on stderr
            assertTrue(r.stderr().contains("runtime io.containerd.runc.v2 is not available"),
                    "a new container on the stopped runtime is refused clearly:\n" + out);
            assertTrue(out.contains("picked-up-again"), out);
            assertTrue(out.contains("exited/137"), out);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The line after the marker. */
    private static String after(List<String> lines, String marker) {
        int i = lines.indexOf(marker);
        return i < 0 || i + 1 >= lines.size() ? "" : lines.get(i + 1);
    }
}
