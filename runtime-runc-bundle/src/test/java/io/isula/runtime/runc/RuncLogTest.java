package io.isula.runtime.runc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RuncLogTest {
    @Test
    void collectsErrorMessages() {
        String log = """
                {"level":"info","msg":"starting","time":"2026-11-27T23:55:29Z"}
                {"level":"error","msg":"runc create failed: unable to start container process: exec: \\"/x\\": stat /x: no such file or directory","time":"2026-11-27T23:55:29Z"}
                """;
        assertEquals(Optional.of("runc create failed: unable to start container process: exec: \"/x\": stat /x: no such file or directory"),
                RuncLog.errors(log));
    }

    @Test
    void toleratesGarbageAndTruncatedLines() {
        assertEquals(Optional.empty(), RuncLog.errors("not json\n{\"level\":\"err"));
        assertEquals(Optional.of("b"), RuncLog.errors("xx\n{\"level\":\"error\",\"msg\":\"b\"}\n[1]\n"));
    }

    @Test
    void missingFileHasNoErrors(@TempDir Path dir) throws Exception {
        assertEquals(Optional.empty(), RuncLog.errors(dir.resolve("none")));
        Files.writeString(dir.resolve("log"), "{\"level\":\"error\",\"msg\":\"a\"}\n{\"level\":\"error\",\"msg\":\"c\"}\n");
        assertEquals(Optional.of("a; c"), RuncLog.errors(dir.resolve("log")));
    }
}
