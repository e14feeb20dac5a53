package io.isula.core.util.conmon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.isula.core.spi.ContainerLog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogRotatorTest {
    @Test
    void filesMoveUpAndTheOldestGoes(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("console.log");
        for (int round = 1; round <= 4; round++) {
            Files.writeString(log, "round " + round + "\n");
            LogRotator.rotate(log, 3);
            assertFalse(Files.exists(log));
        }
        assertEquals("round 4\n", Files.readString(dir.resolve("console.log.1")));
        assertEquals("round 3\n", Files.readString(dir.resolve("console.log.2")));
        assertFalse(Files.exists(dir.resolve("console.log.3")), "max-file 3 keeps the current file and two old ones");
    }

    @Test
    void oneFileMeansStartingAfresh(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("console.log"), "old\n");
        LogRotator.rotate(log, 1);
        assertFalse(Files.exists(log));
        assertFalse(Files.exists(dir.resolve("console.log.1")));
    }

    @Test
    void aLogWhoseConmonIsGoneIsLeftAsItIs(@TempDir Path dir) throws Exception {
        Path log = oversizedLog(dir);
        Path ctl = ctlFifo(dir);
        // five rotator periods: a rotation would have happened by then
        try (LogRotator rotator = new LogRotator()) {
            rotator.watch("c1", dir, log, ctl, new ContainerLog(false, 1024, 3));
            Thread.sleep(500);
        }
        assertEquals(4096, Files.size(log), "nobody reads ctl: no conmon would reopen, so no rotation");
        assertFalse(Files.exists(dir.resolve("console.log.1")));
    }

    @Test
    void whenConmonEndsBeforeItReopensTheCurrentFileIsPutBack(@TempDir Path dir) throws Exception {
        Path log = oversizedLog(dir);
        Path ctl = ctlFifo(dir);
        int reader = Libc.C.open(ctl.toString(), Libc.O_RDONLY | Libc.O_NONBLOCK, 0);
        assertTrue(reader >= 0);
        try (LogRotator rotator = new LogRotator()) {
            rotator.watch("c1", dir, log, ctl, new ContainerLog(false, 1024, 3));
            awaitTrue(() -> Files.exists(dir.resolve("console.log.1")));
            assertFalse(Files.exists(log), "rotated, and the stand-in conmon never reopens");
            Libc.C.close(reader);
            awaitTrue(() -> Files.exists(log));
        }
        assertEquals(0, Files.size(log));
        assertEquals(4096, Files.size(dir.resolve("console.log.1")));
    }

    /** 4 KiB of log, over the 1 KiB limit the tests set. */
    private static Path oversizedLog(Path dir) throws Exception {
        return Files.writeString(dir.resolve("console.log"), "x".repeat(4096));
    }

    /** conmon's ctl FIFO, with no reader until a test opens one. */
    private static Path ctlFifo(Path dir) throws Exception {
        Path ctl = dir.resolve("ctl");
        Fifos.make(ctl);
        return ctl;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(20);
        }
    }
}
