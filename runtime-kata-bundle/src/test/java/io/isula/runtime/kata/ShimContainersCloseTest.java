package io.isula.runtime.kata;

import io.isula.core.api.DaemonSettings;
import io.isula.core.api.EngineException;
import io.isula.core.spi.ContainerHandle;
import io.isula.core.spi.CreateOptions;
import io.isula.core.spi.ProviderContext;
import io.isula.runtime.kata.task.TaskApi;
import io.isula.runtime.kata.ttrpc.TtrpcServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provider stopped while a create waits for its shim: the stop lets that create finish (cut off, it would leave
 * the shim running with nobody to stop it), refuses the creates that come after it, and takes the container it
 * created away with its shim, since nothing can start it any more.
 */
class ShimContainersCloseTest {
    private static final String RUNTIME = "io.containerd.fake.v2";

    @TempDir
    Path dir;

    @Test
    void closeLetsACreateUnderWayFinishThenUndoesItAndRefusesNewOnes() throws Exception {
        Path taskSocket = dir.resolve("task.sock");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path shim = bin.resolve("containerd-shim-fake-v2");
        Files.writeString(shim, "#!/bin/sh\necho unix://" + taskSocket + "\n");
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(handle("first").bundleDir());
        Files.createDirectories(handle("second").bundleDir());
        CountDownLatch createArrived = new CountDownLatch(1);
        CountDownLatch releaseCreate = new CountDownLatch(1);
        List<String> calls = new CopyOnWriteArrayList<>();

        try (ShimThreads shimSide = ShimThreads.start();
             TtrpcServer task = TtrpcServer.listen(taskSocket, shimSide.loop(), shimSide.workers(), (svc, method, body) -> {
                 calls.add(method);
                 if (method.equals("Create")) {
                     createArrived.countDown();
                     awaitQuietly(releaseCreate);
                     return new TaskApi.PidResponse(4242).encode();
                 }
                 return new byte[0];
             });
             ShimThreads engineSide = ShimThreads.start()) {
            ShimContainers containers = new ShimContainers(new ShimTable(null, bin.toString()),
                    new ShimLauncher("isula-test", dir.resolve("events.sock"), Duration.ofSeconds(10)), new NoContext(),
                    Duration.ofSeconds(10), engineSide);

            CompletableFuture<Void> create =
                    CompletableFuture.runAsync(() -> containers.create(handle("first"), options()));
            assertTrue(createArrived.await(10, TimeUnit.SECONDS), "the shim received Create");
            Thread closer = new Thread(containers::close, "closer");
            closer.start();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (closer.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertEquals(Thread.State.TIMED_WAITING, closer.getState(), "close waits for the create under way");

            EngineException refused = assertThrows(EngineException.class,
                    () -> containers.create(handle("second"), options()));
            assertEquals(EngineException.Kind.UNAVAILABLE, refused.kind());
            assertTrue(refused.getMessage().contains("runtime " + RUNTIME + " is not available"), refused.getMessage());
            assertFalse(Files.exists(dir.resolve("bundle/second/address")), "no shim started for the refused create");

            releaseCreate.countDown();
            create.get(10, TimeUnit.SECONDS);
            closer.join(10_000);
            assertFalse(closer.isAlive(), "close returns once the create has finished");
            assertTrue(calls.containsAll(List.of("Delete", "Shutdown")), "the unstarted container went: " + calls);
            assertFalse(Files.exists(dir.resolve("bundle/first/address")), "its shim's address went with it");
        }
    }

    private ContainerHandle handle(String id) {
        return new ContainerHandle(id, RUNTIME, dir.resolve("bundle").resolve(id), dir.resolve("state").resolve(id),
                dir.resolve("logs").resolve(id + ".log"));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CreateOptions options() {
        return new CreateOptions(dir.resolve("rootfs"), false, false, null);
    }

    private static final class NoContext implements ProviderContext {
        @Override
        public DaemonSettings settings() {
            return null;
        }

        @Override
        public void containerExited(String containerId, int exitCode, Instant exitedAt) {
        }
    }
}
