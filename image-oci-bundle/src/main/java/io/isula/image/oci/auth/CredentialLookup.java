package io.isula.image.oci.auth;

import java.util.Optional;

/** Finds the stored credentials of a registry server ({@code host[:port]}, {@code docker.io}). */
@FunctionalInterface
public interface CredentialLookup {
    CredentialLookup NONE = server -> Optional.empty();

    Optional<Credentials> find(String server);
}
