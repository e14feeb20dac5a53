package io.isula.core.internal.spec;

import io.isula.core.api.EngineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UserResolverTest {
    private final UserResolver resolver = new UserResolver();

    private static Path rootfs(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n");
        Files.writeString(dir.resolve("etc/group"), "root:x:0:\napp:x:1001:\nwheel:x:10:app\nstaff:x:50:\n");
        return dir;
    }

    @Test
    void namesAndNumbers(@TempDir Path dir) throws IOException {
        Path r = rootfs(dir);
        assertEquals(new UserSpec(0, 0, List.of()), resolver.resolve(r, null));
        assertEquals(new UserSpec(1000, 1001, List.of(10)), resolver.resolve(r, "app"));
        assertEquals(new UserSpec(1000, 1001, List.of(10)), resolver.resolve(r, "1000"));
        assertEquals(new UserSpec(1000, 50, List.of(10)), resolver.resolve(r, "app:staff"));
        assertEquals(new UserSpec(4242, 7, List.of()), resolver.resolve(r, "4242:7"));
    }

    @Test
    void unknownNamesAndBadNumbersAreRefused(@TempDir Path dir) throws IOException {
        Path r = rootfs(dir);
        assertThrows(EngineException.class, () -> resolver.resolve(r, "nobody"));
        assertThrows(EngineException.class, () -> resolver.resolve(r, "app:nogroup"));
        assertThrows(EngineException.class, () -> resolver.resolve(r, "99999999999"));
    }

    @Test
    void aPasswdLinkIsNotFollowedToTheHost(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("etc"));
        Files.createSymbolicLink(dir.resolve("etc/passwd"), Path.of("/etc/passwd"));
        assertThrows(EngineException.class, () -> resolver.resolve(dir, "root"),
                "the host's passwd must not be read through the link");
        Path other = Files.createDirectories(dir.resolve("x"));
        Files.createSymbolicLink(other.resolve("etc"), Path.of("/etc"));
        assertThrows(EngineException.class, () -> resolver.resolve(other, "root"));
    }
}
