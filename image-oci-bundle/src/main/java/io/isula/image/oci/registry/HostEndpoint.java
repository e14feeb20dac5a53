package io.isula.image.oci.registry;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * One configured endpoint: a {@code registry-mirrors} entry or an entry of {@code registry-hosts.<registry>.endpoints}.
 *
 * @param url          {@code scheme://host[:port][/path]}
 * @param overridePath the url's path is the API root itself; otherwise {@code /v2} is appended to it
 * @param skipVerify   TLS certificates of this endpoint are not verified
 * @param caFiles      extra CA certificates (PEM) trusted for this endpoint, besides the system's and certs.d's
 * @param clientCertificates client certificates offered to this endpoint
 * @param pull         blobs and manifests by digest may come from here
 * @param resolve      tags may be resolved here
 */
public record HostEndpoint(URI url, boolean overridePath, boolean skipVerify, List<Path> caFiles,
                           List<ClientCertificateFiles> clientCertificates, boolean pull, boolean resolve) {
    public HostEndpoint {
        caFiles = List.copyOf(caFiles);
        clientCertificates = List.copyOf(clientCertificates);
    }

    public static HostEndpoint of(URI url) {
        return new HostEndpoint(url, false, false, List.of(), List.of(), true, true);
    }

    /** {@code host[:port]} of the url. */
    public String authority() {
        return url.getRawAuthority();
    }

    /** The API root without a trailing slash: {@code https://host/v2} or, with override-path, the url's own path. */
    public URI apiRoot() {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!overridePath) {
            path = path + "/v2";
        }
        return URI.create(url.getScheme() + "://" + url.getRawAuthority() + path);
    }
}
