package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private static Optional<String> value(Result r, String key) {
        return r.stdout().lines().map(String::strip).filter(l -> l.startsWith(key))
                .map(l -> l.substring(key.length()).strip()).findFirst();
    }
}
