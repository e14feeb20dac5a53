package io.isula.image.oci.registry;

import java.time.Instant;

/** A token of a registry's token server and when to stop using it. */
record BearerToken(String token, Instant expires) {
    boolean validAt(Instant now) {
        return now.isBefore(expires);
    }

    @Override
    public String toString() {
        return "BearerToken[expires " + expires + "]";
    }
}
