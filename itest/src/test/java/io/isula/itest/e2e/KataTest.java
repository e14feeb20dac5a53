package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code --runtime kata}: io.containerd.kata.v2 through containerd-shim-kata-v2. Kata is not in Debian, so the real run
 * is skipped (with the reason printed) where the shim is not installed; the error a user gets then is tested always.
 */
class KataTest extends E2eBase {
    private static final String SHIM = "containerd-shim-kata-v2";

    @Test
    void runsAKataContainerWhenKataIsInstalled() {
        boolean installed = Env.which(SHIM).isPresent();
        if (!installed) {
            System.out.println("KataTest: skipped: " + SHIM + " is not on PATH (Kata Containers is not packaged in Debian)");
        }
        Assumptions.assumeTrue(installed, SHIM + " is not installed");
        Result info = isula.ok("info");
        assertTrue(info.stdout().lines().anyMatch(l -> l.startsWith("Runtimes:") && l.contains(" kata")), info::toString);
        Result run = isula(withRootfs(List.of("run", "--rm", "--runtime", "kata"), "sh", "-c", "echo in-kata; exit 3"));
        assertEquals(3, run.exitCode(), () -> run + "\n" + daemon.logTail());
        assertTrue(run.stdout().contains("in-kata"), run::toString);
    }

    @Test
    void infoListsTheShimRuntimesFound() {
        Result info = isula.ok("info");
        String runtimes = info.stdout().lines().filter(l -> l.startsWith("Runtimes:")).findFirst().orElse("");
        List<String> names = List.of(runtimes.split(" "));
        assertTrue(names.contains("runc") && names.contains("io.containerd.runc.v2"), info::toString);
        assertEquals(Env.which(SHIM).isPresent(), names.contains("kata"), info::toString);
    }

    @Test
    void kataWithoutItsShimIsAClearError() {
        Assumptions.assumeFalse(Env.which(SHIM).isPresent(), "Kata is installed: the real run is tested instead");
        Result run = isula(withRootfs(List.of("run", "--rm", "--runtime", "kata"), "true"));
        assertEquals(125, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("runtime kata is not available: " + SHIM + " is not installed"), run::toString);
        Result other = isula(withRootfs(List.of("run", "--rm", "--runtime", "io.containerd.nosuch.v1"), "true"));
        assertEquals(125, other.exitCode(), other::toString);
        assertTrue(other.stderr().contains("containerd-shim-nosuch-v1 is not installed"), other::toString);
        assertTrue(isula.ok("ps", "-a").lines().size() <= 1, "a failed run leaves no container behind");
    }
}
