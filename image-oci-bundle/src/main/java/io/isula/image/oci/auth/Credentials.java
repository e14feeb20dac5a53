package io.isula.image.oci.auth;

import io.isula.core.api.RegistryAuth;

/** A user name and password for one registry. {@link #toString()} never shows the password. */
public record Credentials(String username, String password) {
    public Credentials {
        if (username == null || username.isEmpty()) {
            throw new IllegalArgumentException("credentials without a user name");
        }
        if (password == null) {
            throw new IllegalArgumentException("credentials for " + username + " without a password");
        }
    }

    /** The credentials of a request's {@link RegistryAuth}, or null when it names no user (anonymous or stored ones). */
    public static Credentials from(RegistryAuth auth) {
        if (auth == null || auth.username() == null || auth.username().isEmpty()) {
            return null;
        }
        return new Credentials(auth.username(), auth.password() == null ? "" : auth.password());
    }

    @Override
    public String toString() {
        return "Credentials[" + username + "]";
    }
}
