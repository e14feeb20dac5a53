package io.isula.image.oci.registry;

import io.isula.image.oci.auth.Credentials;
import io.isula.image.oci.model.Digest;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Where one repository is fetched from: an API root and the repository's path there (after rewrites), with the TLS
 * and credential settings that go with it.
 *
 * @param root               API root without trailing slash, e.g. {@code https://registry-1.docker.io/v2}
 * @param registry           the registry the reference names ({@code docker.io})
 * @param repository         the repository path asked of this endpoint (null for a login check)
 * @param mirror             a mirror or configured host, not the registry itself
 * @param insecure           an insecure registry: TLS is not verified and plain HTTP is tried when TLS fails
 * @param skipVerify         TLS is not verified (registry-hosts {@code skip-verify})
 * @param caFiles            extra CAs for this endpoint (registry-hosts {@code ca}); certs.d is read as well
 * @param clientCertificates extra client certificates (registry-hosts {@code client}); certs.d is read as well
 * @param resolve            tags may be resolved here
 * @param credentialsKey     the server whose stored credentials apply ({@code docker.io}, {@code host:port})
 * @param explicitCredentials credentials given with the request (the registry itself only), else null
 */
public record RegistryEndpoint(URI root, String registry, String repository, boolean mirror, boolean insecure,
                               boolean skipVerify, List<Path> caFiles, List<ClientCertificateFiles> clientCertificates,
                               boolean resolve, String credentialsKey, Credentials explicitCredentials) {
    public RegistryEndpoint {
        caFiles = List.copyOf(caFiles);
        clientCertificates = List.copyOf(clientCertificates);
    }

    /** {@code host[:port]} contacted. */
    public String authority() {
        return root.getRawAuthority();
    }

    public URI manifestUri(String reference) {
        return URI.create(root + "/" + repository + "/manifests/" + reference);
    }

    public URI blobUri(Digest digest) {
        return URI.create(root + "/" + repository + "/blobs/" + digest);
    }

    /** {@code GET /v2/}: the version check that tells whether and how to authenticate. */
    public URI pingUri() {
        return URI.create(root + "/");
    }

    /** The token scope for pulling this repository. */
    public String pullScope() {
        return repository == null ? null : "repository:" + repository + ":pull";
    }

    /** The same endpoint asked over plain HTTP (an insecure registry whose TLS failed). */
    RegistryEndpoint overPlainHttp() {
        return new RegistryEndpoint(URI.create("http" + root.toString().substring(root.getScheme().length())), registry,
                repository, mirror, insecure, skipVerify, caFiles, clientCertificates, resolve, credentialsKey,
                explicitCredentials);
    }

    @Override
    public String toString() {
        return root + (repository == null ? "" : "/" + repository) + (mirror ? " (mirror of " + registry + ")" : "");
    }
}
