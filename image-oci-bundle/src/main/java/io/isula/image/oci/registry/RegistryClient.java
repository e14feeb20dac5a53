package io.isula.image.oci.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.EngineException;
import io.isula.image.oci.auth.CredentialLookup;
import io.isula.image.oci.auth.Credentials;
import io.isula.image.oci.model.Descriptor;
import io.isula.image.oci.model.Digest;
import io.isula.image.oci.model.ImageIndex;
import io.isula.image.oci.model.ImageManifest;
import io.isula.image.oci.model.ImageReference;
import io.isula.image.oci.model.MediaTypes;
import io.isula.image.oci.model.OciJson;
import io.isula.image.oci.model.Platform;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * A client of the Docker Registry HTTP API v2 / OCI distribution spec, one per daemon, safe for concurrent use:
 * resolves a reference to an image manifest (through an index for a platform), downloads blobs (resumable, verified),
 * checks logins. Endpoints are tried in the order of {@link RegistrySettings} (registry-hosts, mirrors, the registry);
 * the next one is tried when one is unreachable, answers 5xx, lacks the manifest or refuses access.
 */
public final class RegistryClient implements AutoCloseable {
    /** What {@link #fetchSmallBlob} callers pass for an image config. */
    public static final long MAX_CONFIG_BYTES = 8L * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(RegistryClient.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EndpointResolver resolver;
    private final RegistryTransport transport;
    private final BlobDownload blobs;
    private final HttpIo io;
    private final RegistryOptions options;
    private final ScheduledExecutorService scheduler;

    public RegistryClient(RegistrySettings settings, CredentialLookup credentials) {
        this(settings, credentials, RegistryOptions.defaults());
    }

    public RegistryClient(RegistrySettings settings, CredentialLookup credentials, RegistryOptions options) {
        this.options = options;
        this.resolver = new EndpointResolver(settings);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "registry-stall-watch");
            t.setDaemon(true);
            return t;
        });
        this.io = new HttpIo(new HttpClients(settings.certsDir(), options.connectTimeout()), settings, options, scheduler);
        RegistryAuthenticator auth = new RegistryAuthenticator(credentials == null ? CredentialLookup.NONE : credentials,
                new TokenClient(io, options.clock()), options.clock());
        this.transport = new RegistryTransport(io, auth);
        this.blobs = new BlobDownload(transport, io);
    }

    /** The endpoints tried for {@code reference}, in order. */
    public List<RegistryEndpoint> endpoints(ImageReference reference) {
        return resolver.endpoints(reference, null);
    }

    /** {@link #resolve(ImageReference, Platform, Credentials)} with stored credentials. */
    public ResolvedManifest resolve(ImageReference reference, Platform platform) {
        return resolve(reference, platform, null);
    }

    /**
     * The image manifest {@code reference} names for {@code platform}. {@code credentials} (may be null) are used for the
     * registry itself instead of stored ones (Docker's X-Registry-Auth); mirrors always use their own stored ones.
     */
    public ResolvedManifest resolve(ImageReference reference, Platform platform, Credentials credentials) {
        List<RegistryEndpoint> endpoints = resolver.endpoints(reference, credentials);
        if (reference.digest() == null) {
            endpoints = endpoints.stream().filter(RegistryEndpoint::resolve).toList();
            if (endpoints.isEmpty()) {
                throw EngineException.invalid("no endpoint of " + reference.registry() + " may resolve the tag of "
                        + reference.familiarName() + ":" + reference.tag() + " (registry-hosts capabilities lack resolve); pull by digest");
            }
        }
        return firstThatServes(endpoints, endpoint -> resolveAt(endpoint, reference, platform));
    }

    /** {@link #fetchBlob(RegistryEndpoint, Descriptor, Path, LongConsumer)} from the endpoint that served the manifest. */
    public void fetchBlob(ResolvedManifest from, Descriptor blob, Path partialFile, LongConsumer progress) {
        fetchBlob(from.endpoint(), blob, partialFile, progress);
    }

    /**
     * Downloads {@code blob} into {@code partialFile}, resuming from what it holds. On return the file holds exactly the
     * blob (size and digest verified, not synced). A broken connection throws and keeps the file (call again to resume);
     * wrong content throws and deletes it. {@code progress} (may be null) gets the bytes on disk so far.
     */
    public void fetchBlob(RegistryEndpoint from, Descriptor blob, Path partialFile, LongConsumer progress) {
        fetchBlob(from, blob, partialFile, progress, null);
    }

    /**
     * {@link #fetchBlob(RegistryEndpoint, Descriptor, Path, LongConsumer)}, telling {@code onDisk} the file's length
     * after every write into it (0 when it was cut back to restart), so that a reader can follow the download.
     */
    public void fetchBlob(RegistryEndpoint from, Descriptor blob, Path partialFile, LongConsumer progress,
                          LongConsumer onDisk) {
        rethrow(() -> {
            blobs.fetch(from, blob, partialFile, progress, onDisk);
            return null;
        });
    }

    public byte[] fetchSmallBlob(ResolvedManifest from, Descriptor blob, long maxBytes) {
        return fetchSmallBlob(from.endpoint(), blob, maxBytes);
    }

    /** A blob of at most {@code maxBytes} (an image config: {@link #MAX_CONFIG_BYTES}) in memory, verified. */
    public byte[] fetchSmallBlob(RegistryEndpoint from, Descriptor blob, long maxBytes) {
        return rethrow(() -> blobs.fetchSmall(from, blob, maxBytes));
    }

    /**
     * Checks credentials against {@code server} ({@code isula login}): {@code GET /v2/}, answering its challenge with
     * them. Returns the normalized server name to store them under; throws unauthorized when they are refused.
     */
    public String checkLogin(String server, String username, String password) {
        Credentials credentials;
        RegistryEndpoint endpoint;
        try {
            credentials = new Credentials(username, password);
            endpoint = resolver.upstream(server, null, credentials);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
        return rethrow(() -> {
            RegistryTransport.Exchange exchange = transport.get(endpoint, RegistryEndpoint::pingUri, Map.of(), null);
            int status = exchange.status();
            if (status / 100 != 2) {
                String why = RegistryFailure.describe(status, io.errorBody(exchange.response()));
                throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, "login to " + endpoint.authority() + " failed: "
                        + exchange.response().uri() + " answered " + status + ": " + why);
            }
            HttpIo.discard(exchange.response());
            return endpoint.credentialsKey();
        });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private <T> T firstThatServes(List<RegistryEndpoint> endpoints, Function<RegistryEndpoint, T> attempt) {
        List<RegistryFailure> failures = new ArrayList<>();
        List<RegistryEndpoint> failed = new ArrayList<>();
        for (RegistryEndpoint endpoint : endpoints) {
            try {
                return attempt.apply(endpoint);
            } catch (RegistryFailure f) {
                LOG.log(System.Logger.Level.DEBUG, "endpoint {0} failed: {1}", endpoint, f.getMessage());
                failures.add(f);
                failed.add(endpoint);
            }
        }
        RegistryFailure last = failures.get(failures.size() - 1);
        StringBuilder message = new StringBuilder(last.getMessage());
        if (failures.size() > 1) {
            message.append(" (also tried:");
            for (int i = 0; i < failures.size() - 1; i++) {
                message.append(i == 0 ? " " : "; ").append(failed.get(i).root()).append(": ").append(failures.get(i).getMessage());
            }
            message.append(')');
        }
        EngineException e = new EngineException(last.kind(), message.toString(), last);
        for (int i = 0; i < failures.size() - 1; i++) {
            e.addSuppressed(failures.get(i));
        }
        throw e;
    }

    private interface Call<T> {
        T run();
    }

    /** A single-endpoint failure leaves as a plain {@link EngineException}. */
    private static <T> T rethrow(Call<T> call) {
        try {
            return call.run();
        } catch (RegistryFailure f) {
            throw new EngineException(f.kind(), f.getMessage(), f);
        }
    }

    private record Document(byte[] bytes, Digest digest, String mediaType, RegistryEndpoint endpoint) {
        boolean isIndex() {
            return MediaTypes.INDEXES.contains(mediaType);
        }
    }

    private ResolvedManifest resolveAt(RegistryEndpoint endpoint, ImageReference reference, Platform platform) {
        Document top = fetchManifest(endpoint, reference, reference.manifestReference(), reference.digest());
        if (!top.isIndex()) {
            return new ResolvedManifest(reference, top.digest(), top.bytes(), top.digest(), top.mediaType(),
                    parseManifest(top, reference), top.endpoint());
        }
        ImageIndex index = parse(top, reference, ImageIndex.class, "manifest list");
        Descriptor chosen = index.select(platform).orElseThrow(() -> new RegistryFailure(EngineException.Kind.NOT_FOUND,
                "no matching manifest for " + platform + " in the manifest list entries of " + describe(reference)
                        + " (" + top.endpoint().authority() + ")"));
        Document child = fetchManifest(top.endpoint(), reference, chosen.digest().toString(), chosen.digest());
        if (child.bytes().length != chosen.size()) {
            throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, "manifest " + chosen.digest() + " of " + describe(reference)
                    + " from " + child.endpoint().authority() + " is " + child.bytes().length + " bytes, its descriptor says "
                    + chosen.size());
        }
        if (child.isIndex()) {
            throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, "the manifest list of " + describe(reference)
                    + " points to another list (" + chosen.digest() + ") for " + platform + ": nested lists are not supported");
        }
        return new ResolvedManifest(reference, top.digest(), child.bytes(), child.digest(), child.mediaType(),
                parseManifest(child, reference), child.endpoint());
    }

    private Document fetchManifest(RegistryEndpoint endpoint, ImageReference reference, String asked, Digest expected) {
        RegistryTransport.Exchange exchange = transport.get(endpoint, e -> e.manifestUri(asked),
                Map.of("Accept", MediaTypes.MANIFEST_ACCEPT), endpoint.pullScope());
        RegistryEndpoint used = exchange.endpoint();
        HttpResponse<java.io.InputStream> response = exchange.response();
        int status = response.statusCode();
        if (status != 200) {
            String why = RegistryFailure.describe(status, io.errorBody(response));
            String what = expected != null && !expected.equals(reference.digest())
                    ? "manifest " + expected + " of " + describe(reference) : "manifest for " + describe(reference);
            throw switch (status) {
                case 404 -> new RegistryFailure(EngineException.Kind.NOT_FOUND, what + " not found at " + used.authority()
                        + ": " + why);
                case 401, 403 -> new RegistryFailure(EngineException.Kind.UNAUTHORIZED, "access to " + what + " denied by "
                        + used.authority() + ": " + why);
                default -> new RegistryFailure(EngineException.Kind.UNAVAILABLE, used.authority() + " answered " + status
                        + " for the " + what + ": " + why);
            };
        }
        byte[] bytes = io.readBounded(response, options.maxManifestBytes(), "manifest for " + describe(reference));
        Digest digest = digest(expected == null ? "sha256" : expected.algorithm(), bytes);
        if (expected != null && !digest.equals(expected)) {
            throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, "manifest " + asked + " of " + describe(reference)
                    + " from " + used.authority() + " does not match its digest (the content has " + digest + ")");
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        return new Document(bytes, digest, mediaType(contentType, bytes, reference, used), used);
    }

    /** The served media type: Content-Type when it names a manifest or index, else the document's own field. */
    private static String mediaType(String contentType, byte[] bytes, ImageReference reference, RegistryEndpoint endpoint) {
        String served = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, "manifest for " + describe(reference) + " from "
                    + endpoint.authority() + " is not a JSON object");
        }
        String declared = root.path("mediaType").isTextual() ? root.get("mediaType").asText() : null;
        if (root.path("schemaVersion").asInt(0) == 1 || served.startsWith("application/vnd.docker.distribution.manifest.v1")) {
            throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, "manifest for " + describe(reference) + " from "
                    + endpoint.authority() + " is in Docker's schema 1 format, which is not supported");
        }
        boolean servedKnown = MediaTypes.MANIFESTS.contains(served) || MediaTypes.INDEXES.contains(served);
        String type = servedKnown ? served : declared != null ? declared : root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        if (servedKnown && declared != null && !declared.equals(served)) {
            throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, "manifest for " + describe(reference) + " from "
                    + endpoint.authority() + " is served as " + served + " but declares " + declared);
        }
        if (!MediaTypes.MANIFESTS.contains(type) && !MediaTypes.INDEXES.contains(type)) {
            throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, "manifest for " + describe(reference) + " from "
                    + endpoint.authority() + " has the unsupported media type " + type);
        }
        return type;
    }

    private static ImageManifest parseManifest(Document document, ImageReference reference) {
        return parse(document, reference, ImageManifest.class, "manifest");
    }

    private static <T> T parse(Document document, ImageReference reference, Class<T> type, String what) {
        try {
            return OciJson.read(document.bytes(), type, what + " " + document.digest() + " of " + describe(reference)
                    + " from " + document.endpoint().authority());
        } catch (IllegalArgumentException e) {
            throw new RegistryFailure(EngineException.Kind.UNAVAILABLE, e.getMessage());
        }
    }

    private static Digest digest(String algorithm, byte[] bytes) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm.equals("sha512") ? "SHA-512" : "SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
        return new Digest(algorithm, HexFormat.of().formatHex(md.digest(bytes)));
    }

    /** The reference as Docker shows it: {@code busybox:latest}, {@code host:5000/app@sha256:…}. */
    static String describe(ImageReference reference) {
        return reference.familiarName() + (reference.digest() != null ? "@" + reference.digest() : ":" + reference.tag());
    }
}
