package io.isula.runtime.runc;

import io.isula.core.util.conmon.Fifos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExecFifoTest {
    @TempDir
    Path tmp;

    @Test
    void aWaitingInitIsLetGoAndTheFifoRemoved() throws Exception {
        Path fifo = tmp.resolve("exec.fifo");
        Fifos.make(fifo);
        // runc's init: blocks opening the FIFO for writing, writes one byte once a reader came, then execs
        Process init = new ProcessBuilder("/bin/sh", "-c", "printf 0 > \"$0\"; exec sleep 5", fifo.toString()).start();
        try {
            assertTrue(ExecFifo.release(fifo, OptionalInt.of((int) init.pid()), 5_000));
            assertFalse(Files.exists(fifo), "runc would still see the container as created");
        } finally {
            init.destroyForcibly();
            init.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anInitThatDiedOrNoFifoLeavesItToRunc() throws Exception {
        assertFalse(ExecFifo.release(tmp.resolve("absent"), OptionalInt.of(1), 1_000));
        assertFalse(ExecFifo.release(null, OptionalInt.of(1), 1_000));
        Path fifo = tmp.resolve("exec.fifo");
        Fifos.make(fifo);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long t0 = System.nanoTime();
        assertFalse(ExecFifo.release(fifo, OptionalInt.of((int) gone.pid()), 10_000));
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "waited for a dead init");
        assertTrue(Files.exists(fifo), "runc start must still find it");
    }

    @Test
    void onlyRuncItselfWithItsStateWhereWePutItIsReleasedThisWay() {
        RuntimeLayout runc = RuntimeLayout.of("runc", "/usr/sbin/runc", List.of(), tmp);
        assertEquals(runc.runcRoot().resolve("c1/exec.fifo"), ExecFifo.of(runc, "c1"));
        assertNull(ExecFifo.of(RuntimeLayout.of("crun", "/usr/bin/crun", List.of(), tmp), "c1"));
        assertNull(ExecFifo.of(RuntimeLayout.of("runc2", "/usr/sbin/runc", List.of("--root", "/x"), tmp), "c1"));
    }
}
