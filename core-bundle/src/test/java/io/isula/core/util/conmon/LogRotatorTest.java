package io.isula.core.util.conmon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
}
