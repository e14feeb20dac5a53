package io.isula.itest.registry;

import io.isula.itest.e2e.Files2;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the registry tests share, made once per class: a work folder under /tmp, a test CA, skopeo, and the busybox
 * image as an OCI layout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RegistryTestBed {
    protected Path work;
    protected TestCa ca;
    protected Skopeo skopeo;
    protected OciImage busybox;

    /** The prefix of the work folder's name. */
    protected abstract String workPrefix();

    @BeforeAll
    void setUpTestBed() throws IOException {
        work = Files.createTempDirectory(Path.of("/tmp"), workPrefix());
        ca = TestCa.create();
        skopeo = Skopeo.create();
        busybox = TestImages.busybox(work.resolve("layout"), "busybox:latest");
    }

    @AfterAll
    void tearDownTestBed() {
        if (skopeo != null) skopeo.close();
        if (ca != null) ca.close();
        if (work != null) Files2.deleteTree(work);
    }
}
