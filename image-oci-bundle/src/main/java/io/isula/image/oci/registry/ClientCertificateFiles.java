package io.isula.image.oci.registry;

import java.nio.file.Path;

/** A client certificate (PEM, may hold its chain) and its private key (PEM: PKCS#8, PKCS#1 RSA or SEC1 EC). */
public record ClientCertificateFiles(Path certificate, Path key) {
}
