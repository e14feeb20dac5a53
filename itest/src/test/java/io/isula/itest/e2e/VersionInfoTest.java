package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code isula version} and {@code isula info} against a daemon holding exactly one running and one created container. */
class VersionInfoTest extends E2eBase {

    @Test
    void versionPrintsClientServerAndOciBlocksInOrder() {
        Result r = isula.ok("version");
        List<String> prefixes = List.of("Client:", "  Version:", "  Git commit:", "  Built:",
                "Server:", "  Version:", "  Git commit:", "  Built:",
                "OCI config:", "  Version:", "  Default file:");
        List<String> lines = r.lines();
        assertEquals(prefixes.size(), lines.size(), () -> "version must print the iSulad lines, in order:\n" + r);
        for (int i = 0; i < prefixes.size(); i++) {
            String want = prefixes.get(i);
            String got = lines.get(i);
            assertTrue(got.startsWith(want), () -> "line " + want + " expected, got '" + got + "':\n" + r);
        }
        assertTrue(lines.get(1).substring("  Version:".length()).strip().matches("\\d+\\.\\d+\\.\\d+.*"), r::toString);
        assertTrue(lines.get(5).substring("  Version:".length()).strip().matches("\\d+\\.\\d+\\.\\d+.*"), r::toString);
    }

    @Test
    void infoCountsContainersAndNamesRuntimesAndImageTypes() {
        String running = uniqueName("inforun");
        String created = uniqueName("infocreated");
        parallel(() -> runDetached(running, "sleep", "1000"), () -> create(created, List.of(), "true"));
        Result r = isula.ok("info");
        assertEquals(Optional.of("2"), value(r, "Containers:"), () -> "Containers: 2 expected:\n" + r);
        assertEquals(Optional.of("1"), value(r, "Running:"), () -> "Running: 1 expected:\n" + r);
        assertTrue(value(r, "Runtimes:").orElse("").contains("runc"), () -> "Runtimes: must list runc:\n" + r);
        assertTrue(value(r, "Image Types:").orElse("").contains("external"), () -> "Image Types: must list external:\n" + r);
        isula.ok("rm", "-f", running, created);
    }

    /** The installed client loads its socket library (a JDK channel would cost it ~20 ms of every command). */
    @Test
    void theClientReachesTheDaemonThroughItsOwnLibrary() throws Exception {
        Process events = new ProcessBuilder(isula.commandLine("events")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            // bin/isula execs the JVM: the script's pid is the client's
            Path maps = Path.of("/proc", Long.toString(events.pid()), "maps");
            Poll.until(Duration.ofSeconds(20), "the blocked `isula events` to map lib/cli/libisula-client.so",
                    () -> mapsLibrary(maps), () -> events.isAlive() ? "" : "isula events ended: " + events.exitValue());
        } finally {
            events.destroyForcibly().waitFor();
        }
    }

    private static boolean mapsLibrary(Path maps) {
        try {
            return Files.readString(maps).contains("/lib/cli/libisula-client.so");
        } catch (IOException e) {
            return false; // not started yet, or gone: the poll's detail tells
        }
    }

    private static Optional<String> value(Result r, String key) {
        return r.stdout().lines().map(String::strip).filter(l -> l.startsWith(key))
                .map(l -> l.substring(key.length()).strip()).findFirst();
    }
}
