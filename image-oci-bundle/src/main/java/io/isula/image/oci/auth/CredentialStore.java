package io.isula.image.oci.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.api.EngineException;
import io.isula.core.util.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * Registry credentials kept daemon-side, as iSulad does: {@code <dir>/auths.json} holds per server address
 * {@code {"auths":{"<server>":{"auth":"<base64 AES-GCM sealed user:password>"}}}}, the key is {@code <dir>/aeskey}.
 * The folder is 0700 and both files 0600 (root only, the daemon runs as root); every write is atomic.
 * Server addresses are normalized by {@link ServerAddress#normalize}.
 */
public final class CredentialStore implements CredentialLookup {
    public static final String AUTHS_FILE = "auths.json";
    public static final String KEY_FILE = "aeskey";

    private final Path dir;
    private final Path authsFile;
    private final Path keyFile;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public CredentialStore(Path dir) {
        this.dir = dir.toAbsolutePath();
        this.authsFile = this.dir.resolve(AUTHS_FILE);
        this.keyFile = this.dir.resolve(KEY_FILE);
    }

    public Path authsFile() {
        return authsFile;
    }

    /** Stores (or replaces) the credentials of {@code server}. */
    public synchronized void save(String server, String username, String password) {
        String key = serverKey(server);
        Credentials credentials = new Credentials(username, password);
        if (credentials.username().indexOf(':') >= 0) {
            throw EngineException.invalid("invalid user name \"" + username + "\": it must not contain ':'");
        }
        try {
            prepareDirectory();
            ObjectNode root = readFile();
            CredentialCipher cipher = CredentialCipher.loadOrCreate(keyFile);
            String sealed = cipher.seal(credentials.username() + ":" + credentials.password(), key);
            ObjectNode auths = root.withObjectProperty("auths");
            auths.putObject(key).put("auth", sealed);
            writeFile(root);
        } catch (IOException e) {
            throw EngineException.internal("cannot store the credentials of " + key + " in " + authsFile + ": " + e.getMessage(), e);
        }
    }

    /** The credentials stored for {@code server}, if any. */
    @Override
    public synchronized Optional<Credentials> find(String server) {
        String key = serverKey(server);
        try {
            ObjectNode root = readFile();
            JsonNode sealed = root.path("auths").path(key).path("auth");
            if (!sealed.isTextual()) {
                return Optional.empty();
            }
            CredentialCipher cipher = CredentialCipher.load(keyFile);
            if (cipher == null) {
                throw unreadable(key, "the key file " + keyFile + " is missing");
            }
            String plain = cipher.open(sealed.asText(), key);
            int colon = plain.indexOf(':');
            if (colon <= 0) {
                throw unreadable(key, "the stored value has no user name");
            }
            return Optional.of(new Credentials(plain.substring(0, colon), plain.substring(colon + 1)));
        } catch (GeneralSecurityException e) {
            throw unreadable(key, "it does not decrypt with the key in " + keyFile);
        } catch (IOException e) {
            throw EngineException.internal("cannot read the stored credentials in " + authsFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Forgets the credentials of {@code server}. Returns false when there were none (iSulad's logout succeeds then too;
     * Docker's CLI says "Not logged in to X").
     */
    public synchronized boolean remove(String server) {
        String key = serverKey(server);
        try {
            ObjectNode root = readFile();
            JsonNode auths = root.get("auths");
            if (!(auths instanceof ObjectNode object) || !object.has(key)) {
                return false;
            }
            object.remove(key);
            writeFile(root);
            return true;
        } catch (IOException e) {
            throw EngineException.internal("cannot remove the credentials of " + key + " from " + authsFile + ": " + e.getMessage(), e);
        }
    }

    private static String serverKey(String server) {
        try {
            return ServerAddress.normalize(server);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
    }

    private EngineException unreadable(String server, String why) {
        return EngineException.unauthorized("the stored credentials of " + server + " in " + authsFile + " cannot be read: "
                + why + "; log in to " + server + " again");
    }

    private void prepareDirectory() throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    private ObjectNode readFile() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(authsFile);
        } catch (NoSuchFileException e) {
            return json.createObjectNode();
        }
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IOException(authsFile + " is not valid JSON (" + e.getOriginalMessage() + "); move it away to start afresh");
        }
        if (root == null || root.isMissingNode()) {
            return json.createObjectNode();
        }
        if (!(root instanceof ObjectNode object) || (object.has("auths") && !object.get("auths").isObject())) {
            throw new IOException(authsFile + " is not an {\"auths\":{…}} document; move it away to start afresh");
        }
        return object;
    }

    private void writeFile(ObjectNode root) throws IOException {
        AtomicFiles.write(authsFile, json.writeValueAsBytes(root));
        Files.setPosixFilePermissions(authsFile, PosixFilePermissions.fromString("rw-------"));
    }
}
