package io.isula.core.util.conmon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExitFileTest {
    @Test
    void parsesDecimalCodes() {
        assertEquals(OptionalInt.of(3), ExitFile.parse("3"));
        assertEquals(OptionalInt.of(137), ExitFile.parse("137\n"));
        assertEquals(OptionalInt.of(0), ExitFile.parse(" 0 "));
        assertEquals(OptionalInt.of(-1), ExitFile.parse("-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n"})
    void emptyMeansNotWrittenYet(String content) {
        assertEquals(OptionalInt.empty(), ExitFile.parse(content));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "3 4", "0x10", "99999999999999999999", "1.5", "--3"})
    void rejectsGarbage(String content) {
        assertThrows(IllegalArgumentException.class, () -> ExitFile.parse(content));
    }

    @Test
    void readsCodeAndModificationTime(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c1");
        Files.writeString(f, "42");
        Instant at = Instant.parse("2026-05-06T07:08:09Z");
        Files.setLastModifiedTime(f, FileTime.from(at));
        assertEquals(Optional.of(new ContainerExit(42, at)), ExitFile.read(f));
    }

    @Test
    void missingOrEmptyFileIsNoExitYet(@TempDir Path dir) throws Exception {
        assertEquals(Optional.empty(), ExitFile.read(dir.resolve("none")));
        Files.createFile(dir.resolve("empty"));
        assertEquals(Optional.empty(), ExitFile.read(dir.resolve("empty")));
    }
}
