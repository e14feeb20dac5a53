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

/** The {@code isula:*} commands in the daemon's Gogo console, calling the engine in-process. */
class ConsoleTest {
    @Test
    void consoleCommandsRunContainersInProcess() throws IOException {
        Env.requireDaemonPrerequisites();
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "isula-e2e-console-");
        try (BusyboxRootfs rootfs = BusyboxRootfs.create()) {
            Files.writeString(dir.resolve("daemon.json"), "{}");
            String script = "isula:info; isula:isula run --rm --external-rootfs " + rootfs.path()
                    + " none echo from-the-console; isula:ps -a";
            Result r = Exec.run(List.of(Env.isuladBin().toString(), "-H", "unix://" + dir.resolve("s.sock"),
                            "-g", dir.resolve("g").toString(), "-S", dir.resolve("s").toString(),
                            "-p", dir.resolve("pid").toString(), "--config-file", dir.resolve("daemon.json").toString()),
                    Map.of("ISULAD_GOSH_ARGS", "-q -c '" + script + "'"), null, Duration.ofSeconds(90));
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.stdout().lines().anyMatch(l -> l.startsWith("Runtimes:") && List.of(l.split(" ")).contains("runc")),
                    r::toString);
            assertTrue(r.stdout().lines().anyMatch(l -> l.contains("Image Types:") && l.contains(" external")), r::toString);
            assertTrue(r.stdout().contains("from-the-console"), r::toString);
            assertTrue(r.stdout().contains("CONTAINER ID"), r::toString);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
