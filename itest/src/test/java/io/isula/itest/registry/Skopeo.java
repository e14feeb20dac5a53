package io.isula.itest.registry;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.itest.e2e.Env;
import io.isula.itest.e2e.Exec;
import io.isula.itest.e2e.Files2;
import io.isula.itest.e2e.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's {@code skopeo} as an independent image tool: pushes OCI layouts to a {@link RegistryServer}, inspects
 * what a registry holds and writes {@code docker-archive:} / {@code oci-archive:} files. Each instance has its own
 * signature policy (accept anything) and an empty auth file, so nothing of the host's container configuration
 * leaks in; credentials are passed per call. TLS: the registry's CA through a cert dir, plain HTTP through
 * {@code --tls-verify=false}.
 */
public final class Skopeo implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A user name and password for a registry. */
    public record Credentials(String user, String password) {
        String arg() {
            return user + ":" + password;
        }
    }

    /** The manifest format to push: as in the layout (OCI), or converted to Docker schema 2 ({@code --format v2s2}). */
    public enum Format { OCI, DOCKER_V2S2 }

    /** What {@code skopeo inspect} says of one image: its manifest digest and layer digests (bottom first). */
    public record Inspection(String digest, List<String> layers, JsonNode json) {
    }

    private final Path binary;
    private final Path dir;
    private final Path policy;
    private final Path authFile;

    private Skopeo(Path binary, Path dir) throws IOException {
        this.binary = binary;
        this.dir = dir;
        this.policy = dir.resolve("policy.json");
        this.authFile = dir.resolve("auth.json");
        Files.writeString(policy, "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
        Files.writeString(authFile, "{\"auths\":{}}");
    }

    public static Skopeo create() {
        Path bin = Env.requireOnPath("skopeo", "the independent image tool of the image tests (apt-get install skopeo)");
        try {
            return new Skopeo(bin, Files.createTempDirectory(Path.of("/tmp"), "isula-test-skopeo-"));
        } catch (IOException e) {
            throw new AssertionError("cannot set up skopeo: " + e, e);
        }
    }

    /** Pushes an image of a layout to {@code registry}/{@code repoTag}, keeping its digests; asserts success. */
    public Result push(OciImage image, RegistryServer registry, String repoTag, Credentials creds) {
        return push(image.transportRef(), registry, repoTag, creds, Format.OCI);
    }

    /** Pushes an index with every image it lists ({@code --all}); asserts success. */
    public Result push(OciIndex index, RegistryServer registry, String repoTag, Credentials creds) {
        return push(index.transportRef(), registry, repoTag, creds, Format.OCI);
    }

    /** {@code skopeo copy --all SOURCE docker://REGISTRY/REPO:TAG}; asserts success and names the registry log on failure. */
    public Result push(String source, RegistryServer registry, String repoTag, Credentials creds, Format format) {
        Result r = tryPush(source, registry, repoTag, creds, format);
        if (r.exitCode() != 0) fail("skopeo push to " + registry + " failed:\n" + r + "\nregistry log:\n" + registry.logTail(30));
        return r;
    }

    /**
     * {@code skopeo copy --all [--preserve-digests | --format v2s2] SOURCE docker://REGISTRY/REPO:TAG} with
     * {@code creds} (null: anonymous); returns the result whatever it is.
     */
    public Result tryPush(String source, RegistryServer registry, String repoTag, Credentials creds, Format format) {
        List<String> args = new ArrayList<>(List.of("copy", "--all"));
        if (format == Format.OCI) {
            args.add("--preserve-digests");
        } else {
            args.addAll(List.of("--format", "v2s2"));
        }
        args.addAll(tlsArgs("--dest-", registry));
        if (creds != null) args.addAll(List.of("--dest-creds", creds.arg()));
        args.add(source);
        args.add("docker://" + registry.ref(repoTag));
        return run(args);
    }

    /** {@code skopeo inspect docker://REGISTRY/REF} (REF: {@code repo:tag} or {@code repo@digest}); asserts success. */
    public Inspection inspect(RegistryServer registry, String ref, Credentials creds) {
        Result r = tryInspect(registry, ref, creds, List.of());
        if (r.exitCode() != 0) fail("skopeo inspect of " + registry.ref(ref) + " failed:\n" + r + "\nregistry log:\n" + registry.logTail(30));
        return inspection(r);
    }

    /** As {@link #inspect}, choosing the image of an index for {@code platform}. */
    public Inspection inspect(RegistryServer registry, String ref, Credentials creds, Platform platform) {
        List<String> extra = new ArrayList<>(List.of("--override-os", platform.os(), "--override-arch", platform.architecture()));
        if (platform.variant() != null) extra.addAll(List.of("--override-variant", platform.variant()));
        Result r = tryInspect(registry, ref, creds, extra);
        if (r.exitCode() != 0) fail("skopeo inspect of " + registry.ref(ref) + " failed:\n" + r + "\nregistry log:\n" + registry.logTail(30));
        return inspection(r);
    }

    /** The manifest (or index) exactly as the registry serves it ({@code skopeo inspect --raw}); asserts success. */
    public String rawManifest(RegistryServer registry, String ref, Credentials creds) {
        Result r = tryInspect(registry, ref, creds, List.of("--raw"));
        if (r.exitCode() != 0) fail("skopeo inspect --raw of " + registry.ref(ref) + " failed:\n" + r);
        return r.stdout();
    }

    public Result tryInspect(RegistryServer registry, String ref, Credentials creds, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("inspect"));
        args.addAll(extra);
        args.addAll(tlsArgs("--", registry));
        if (creds != null) args.addAll(List.of("--creds", creds.arg()));
        args.add("docker://" + registry.ref(ref));
        return run(args);
    }

    /** {@code skopeo inspect TRANSPORT:REF} of a local image ({@code oci:DIR:REF}, {@code docker-archive:FILE}…). */
    public Inspection inspectLocal(String transportRef) {
        Result r = run(List.of("inspect", transportRef));
        if (r.exitCode() != 0) fail("skopeo inspect " + transportRef + " failed:\n" + r);
        return inspection(r);
    }

    /**
     * Writes {@code source} (e.g. {@link OciImage#transportRef()}) as a docker-archive tarball (the format of
     * {@code docker save}, layers uncompressed) tagged {@code nameTag} (e.g. {@code busybox:latest}); returns the file.
     */
    public Path toDockerArchive(String source, Path file, String nameTag) {
        copyLocal(source, "docker-archive:" + file + ":" + nameTag);
        return file;
    }

    /** Writes {@code source} as an OCI archive (a tarred OCI layout) whose index names it {@code refName}. */
    public Path toOciArchive(String source, Path file, String refName) {
        copyLocal(source, "oci-archive:" + file + ":" + refName);
        return file;
    }

    private void copyLocal(String source, String dest) {
        Result r = run(List.of("copy", source, dest));
        if (r.exitCode() != 0) fail("skopeo copy " + source + " " + dest + " failed:\n" + r);
    }

    /** {@code skopeo --policy P ARGS…} with this instance's empty auth file; returns the result whatever it is. */
    public Result run(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--policy", policy.toString()));
        cmd.addAll(args);
        return Exec.run(cmd, Map.of("REGISTRY_AUTH_FILE", authFile.toString(), "TMPDIR", dir.toString()), dir, TIMEOUT);
    }

    private List<String> tlsArgs(String prefix, RegistryServer registry) {
        if (registry.ca().isEmpty()) return List.of(prefix + "tls-verify=false");
        Path certDir = registry.ca().get().writeCertsD(dir.resolve("certs.d"), registry.hostPort());
        return List.of(prefix + "cert-dir", certDir.toString());
    }

    private static Inspection inspection(Result r) {
        JsonNode n;
        try {
            n = JSON.readTree(r.stdout());
        } catch (IOException e) {
            throw new AssertionError("skopeo inspect printed no JSON:\n" + r, e);
        }
        List<String> layers = new ArrayList<>();
        n.path("Layers").forEach(l -> layers.add(l.asText()));
        return new Inspection(n.path("Digest").asText(), layers, n);
    }

    @Override
    public void close() {
        Files2.deleteTree(dir);
    }
}
