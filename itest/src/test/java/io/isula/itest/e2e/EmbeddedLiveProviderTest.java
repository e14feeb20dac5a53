package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The embedded image type is a live provider: its bundle stopped from the daemon's console takes its images away
 * (and a run of one says the type is not available) while its running container keeps running with its layers;
 * started again, everything is back.
 */
class EmbeddedLiveProviderTest {
    private static final String BUNDLE = "io.isula.image-embedded-bundle";

    @Test
    void stoppingTheBundleHidesItsImagesAndLeavesItsContainerRunning() throws Exception {
        try (Daemon daemon = Daemon.startWithConsole(""); EmbeddedImage image = EmbeddedImage.onHostRoot("emb-live:v1")) {
            Isula isula = daemon.isula();
            isula.ok("load", "-i", image.manifest.toString(), "-t", "embedded");
            String c = E2eBase.uniqueName("emb-live");
            isula.ok("run", "-d", "-n", c, "emb-live:v1", "sh", "-c", "while true; do sleep 0.2; done");
            long pid = Long.parseLong(isula.ok("inspect", "-f", "{{.State.Pid}}", c).out());

            daemon.console(bundle("stop"));
            Poll.until(Duration.ofSeconds(30), "the embedded images to leave isula images",
                    () -> !isula.ok("images").out().contains("emb-live"));
            Result run = isula.run("run", "--rm", "emb-live:v1", "true");
            assertEquals(125, run.exitCode(), run::toString);
            assertTrue(run.stderr().contains("image type embedded is not available"), run::toString);
            assertEquals("running", isula.ok("inspect", "-f", "{{.State.Status}}", c).out());
            assertTrue(Procs.alive(pid));
            assertEquals("app layer", isula.ok("exec", c, "cat", EmbeddedImage.APP_AT + "/app.txt").out(),
                    "the running container keeps its layers");

            daemon.console(bundle("start"));
            Poll.until(Duration.ofSeconds(30), "the embedded images to come back",
                    () -> isula.ok("images").out().contains("emb-live"));
            assertEquals("app layer", isula.ok("run", "--rm", "emb-live:v1", "cat", EmbeddedImage.APP_AT + "/app.txt").out());

            isula.ok("rm", "-f", c);
            Poll.until(Duration.ofSeconds(10), "no mount or loop device of the image left",
                    () -> EmbeddedImage.mountsUnder(daemon.graph().resolve("embedded")).isEmpty()
                            && EmbeddedImage.loopDevicesOf(image.layerFiles()).isEmpty(),
                    () -> EmbeddedImage.mountsUnder(daemon.graph()) + " " + EmbeddedImage.loopDevicesOf(image.layerFiles()));
            isula.ok("rmi", "emb-live:v1");
        }
    }

    /** A console line that stops or starts the embedded bundle (as EventsTest does for runc). */
    private static String bundle(String action) {
        return "each ($.context bundles) { if { ($it symbolicName) equals " + BUNDLE + " } { $it " + action + " } }";
    }
}
