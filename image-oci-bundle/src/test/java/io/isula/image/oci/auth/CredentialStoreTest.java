package io.isula.image.oci.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.api.EngineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void savedCredentialsAreFoundAgainUnderTheNormalizedServer() {
        Path dir = tmp.resolve("graph/auths");
        CredentialStore store = new CredentialStore(dir);
        assertEquals(Optional.empty(), store.find("docker.io"));

        store.save("https://index.docker.io/v1/", "alice", "pa:ss wörd");
        store.save("HTTP://Registry.Example.com:5000/v2/", "bob", "hunter2");

        assertEquals(Optional.of(new Credentials("alice", "pa:ss wörd")), store.find("docker.io"));
        assertEquals("alice", store.find("registry-1.docker.io").orElseThrow().username());
        assertEquals("pa:ss wörd", new CredentialStore(dir).find("index.docker.io").orElseThrow().password());
        assertEquals(Optional.of(new Credentials("bob", "hunter2")), store.find("registry.example.com:5000"));
        assertEquals(Optional.empty(), store.find("registry.example.com"));

        store.save("docker.io", "alice", "new");
        assertEquals("new", store.find("docker.io").orElseThrow().password());
    }

    @Test
    void theFolderAndFilesAreForRootOnly() throws Exception {
        Path dir = tmp.resolve("auths");
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        new CredentialStore(dir).save("r.example.com", "alice", "s3cret");

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("auths.json"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("aeskey"))));
        assertEquals(32, Files.size(dir.resolve("aeskey")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("aeskey", "auths.json"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary files are left");
        }
    }

    @Test
    void theFileHoldsOnlyCiphertext() throws Exception {
        Path dir = tmp.resolve("auths");
        CredentialStore store = new CredentialStore(dir);
        store.save("r.example.com", "alice", "s3cret-password");
        store.save("other.example.com", "alice", "s3cret-password");

        String text = Files.readString(dir.resolve("auths.json"));
        JsonNode auths = JSON.readTree(text).get("auths");
        String sealed = auths.get("r.example.com").get("auth").asText();
        byte[] raw = Base64.getDecoder().decode(sealed);
        assertTrue(raw.length >= 12 + 16 + "alice:s3cret-password".length());
        for (String secret : List.of("s3cret", "alice", b64("alice:s3cret-password"), b64("s3cret-password"))) {
            assertFalse(text.contains(secret), "the file shows " + secret);
        }
        assertFalse(new String(raw, StandardCharsets.ISO_8859_1).contains("s3cret"));
        assertFalse(sealed.equals(auths.get("other.example.com").get("auth").asText()), "a fresh IV per entry");
    }

    @Test
    void anEntryMovedToAnotherServerOrAMissingKeyCannotBeRead() throws Exception {
        Path dir = tmp.resolve("auths");
        CredentialStore store = new CredentialStore(dir);
        store.save("a.example.com", "alice", "s3cret");
        ObjectNode root = (ObjectNode) JSON.readTree(dir.resolve("auths.json").toFile());
        ((ObjectNode) root.get("auths")).set("b.example.com", root.get("auths").get("a.example.com"));
        Files.write(dir.resolve("auths.json"), JSON.writeValueAsBytes(root));

        EngineException moved = assertThrows(EngineException.class, () -> store.find("b.example.com"));
        assertEquals("the stored credentials of b.example.com in " + dir.resolve("auths.json") + " cannot be read: it does not "
                + "decrypt with the key in " + dir.resolve("aeskey") + "; log in to b.example.com again", moved.getMessage());
        assertEquals("s3cret", store.find("a.example.com").orElseThrow().password());

        Files.delete(dir.resolve("aeskey"));
        EngineException noKey = assertThrows(EngineException.class, () -> store.find("a.example.com"));
        assertTrue(noKey.getMessage().contains("the key file " + dir.resolve("aeskey") + " is missing"), noKey.getMessage());
        assertTrue(store.remove("b.example.com"), "a broken entry can still be removed");
    }

    @Test
    void removeForgetsOneServerAndSaysWhetherItKnewIt() throws Exception {
        Path dir = tmp.resolve("auths");
        CredentialStore store = new CredentialStore(dir);
        assertFalse(store.remove("never.example.com"));
        assertFalse(Files.exists(dir.resolve("auths.json")));

        store.save("a.example.com", "alice", "1");
        store.save("b.example.com", "bob", "2");
        byte[] before = Files.readAllBytes(dir.resolve("auths.json"));
        assertFalse(store.remove("c.example.com"));
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("auths.json")), "an unknown server leaves the file alone");

        assertTrue(store.remove("https://a.example.com/v2/"));
        assertEquals(Optional.empty(), store.find("a.example.com"));
        assertEquals("2", store.find("b.example.com").orElseThrow().password());
        assertNull(JSON.readTree(dir.resolve("auths.json").toFile()).get("auths").get("a.example.com"));
    }

    @Test
    void aDamagedFileIsNeverOverwrittenAndBadInputIsRefused() throws Exception {
        Path dir = tmp.resolve("auths");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("auths.json"), "{\"auths\": [");
        CredentialStore store = new CredentialStore(dir);

        EngineException save = assertThrows(EngineException.class, () -> store.save("r.example.com", "alice", "x"));
        assertTrue(save.getMessage().contains(dir.resolve("auths.json") + " is not valid JSON"), save.getMessage());
        assertEquals("{\"auths\": [", Files.readString(dir.resolve("auths.json")));
        assertThrows(EngineException.class, () -> store.find("r.example.com"));

        Files.writeString(dir.resolve("auths.json"), "{\"auths\": []}");
        EngineException shape = assertThrows(EngineException.class, () -> store.remove("r.example.com"));
        assertTrue(shape.getMessage().contains("is not an {\"auths\":{…}} document"), shape.getMessage());

        Files.delete(dir.resolve("auths.json"));
        EngineException colon = assertThrows(EngineException.class, () -> store.save("r.example.com", "al:ice", "x"));
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, colon.kind());
        EngineException server = assertThrows(EngineException.class, () -> store.save("https:///v1/", "alice", "x"));
        assertEquals("invalid server address: https:///v1/", server.getMessage());
        assertThrows(EngineException.class, () -> store.find(" "));
        Files.write(dir.resolve("aeskey"), new byte[5]);
        Files.writeString(dir.resolve("auths.json"), "{\"auths\":{\"r.example.com\":{\"auth\":\"AAAA\"}}}");
        EngineException key = assertThrows(EngineException.class, () -> store.find("r.example.com"));
        assertTrue(key.getMessage().contains("is damaged: 5 bytes, expected 32"), key.getMessage());
    }

    @Test
    void readersNeverSeeAHalfWrittenFile() throws Exception {
        Path dir = tmp.resolve("auths");
        CredentialStore store = new CredentialStore(dir);
        store.save("r0.example.com", "alice", "0");
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<Throwable> broken = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    JsonNode root = JSON.readTree(Files.readAllBytes(dir.resolve("auths.json")));
                    if (!root.get("auths").isObject()) {
                        throw new IllegalStateException("not an auths document");
                    }
                    reads.incrementAndGet();
                } catch (Exception e) {
                    broken.compareAndSet(null, e);
                }
            }
        });
        reader.start();
        for (int i = 1; i <= 14; i++) {
            store.save("r" + (i % 7) + ".example.com", "user" + i, "password-" + "x".repeat(i * 10));
        }
        done.set(true);
        reader.join();
        assertNull(broken.get(), () -> "a reader saw a broken file: " + broken.get());
        assertTrue(reads.get() > 0);
        assertEquals("user14", store.find("r0.example.com").orElseThrow().username());
    }

    @Test
    void serverAddressesAreNormalizedLikeDocker() {
        assertEquals("docker.io", ServerAddress.normalize("https://index.docker.io/v1/"));
        assertEquals("docker.io", ServerAddress.normalize("registry-1.docker.io"));
        assertEquals("docker.io", ServerAddress.normalize("Docker.IO"));
        assertEquals("myreg:5000", ServerAddress.normalize("http://MyReg:5000/v2/"));
        assertEquals("[::1]:5000", ServerAddress.normalize("[::1]:5000"));
        for (String bad : List.of("", "https://", "a b", "host:port", "ftp://x")) {
            assertThrows(IllegalArgumentException.class, () -> ServerAddress.normalize(bad), bad);
        }
        assertEquals("Credentials[alice]", new Credentials("alice", "s3cret").toString());
        assertNull(Credentials.from(null));
        assertNull(Credentials.from(new io.isula.core.api.RegistryAuth("", "x", "docker.io")));
        assertEquals(new Credentials("bob", "pw"), Credentials.from(new io.isula.core.api.RegistryAuth("bob", "pw", "docker.io")));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
