package io.isula.runtime.runc;

import io.isula.core.api.DaemonSettings;
import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.CreateOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A runc provider over real runc and conmon, initialised per test with its own graph and state roots, and the busybox
 * bundles its containers run from; every container a test made through {@link #handle} is force-deleted after it.
 */
abstract class RuncProviderFixture {
    @TempDir
    static Path shared;
    static BusyboxBundles bundles;

    @TempDir
    Path root;
    DaemonSettings settings;
    RecordingContext context;
    RuncRuntimeProvider provider;
    private final List<ContainerHandle> created = new ArrayList<>();

    @BeforeAll
    static void rootfs() throws IOException {
        bundles = new BusyboxBundles(shared);
    }

    @BeforeEach
    void daemon() {
        settings = new DaemonSettings(root.resolve("graph"), root.resolve("state"), List.of(), "runc", "info", Map.of(),
                Map.of());
        context = new RecordingContext(settings);
        provider = new RuncRuntimeProvider();
        provider.init(context);
    }

    /** Deletes through a provider of its own: a test may have closed or re-initialised {@link #provider}. */
    @AfterEach
    void cleanUp() {
        RuncRuntimeProvider cleaner = new RuncRuntimeProvider();
        cleaner.init(new RecordingContext(settings));
        for (ContainerHandle c : created) {
            try {
                cleaner.delete(c, true);
            } catch (RuntimeException e) {
                System.err.println("cleanup of " + c.id() + ": " + e.getMessage());
            }
        }
        cleaner.close();
        provider.close();
    }

    /** A new container's handle, its bundle written (own pid namespace), not yet created. */
    ContainerHandle handle(String... args) {
        return handle(true, args);
    }

    ContainerHandle handle(boolean pidNamespace, String... args) {
        String id = newId();
        Path bundle = settings.graph().resolve("engines/runc").resolve(id);
        try {
            bundles.write(bundle, pidNamespace, args);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ContainerHandle c = new ContainerHandle(id, "runc", bundle, settings.state().resolve("runc").resolve(id),
                bundle.resolve("console.log"));
        created.add(c);
        return c;
    }

    /** A created and started container running {@code args}. */
    ContainerHandle running(String... args) {
        ContainerHandle c = handle(args);
        provider.create(c, new CreateOptions(null, false, false));
        provider.start(c);
        return c;
    }

    static String newId() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
