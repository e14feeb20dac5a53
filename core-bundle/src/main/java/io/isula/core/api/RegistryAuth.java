package io.isula.core.api;

/** Credentials for one registry, as a login or Docker's {@code X-Registry-Auth} header gives them. */
public record RegistryAuth(String username, String password, String serverAddress) {
    @Override
    public String toString() {
        return "RegistryAuth[" + username + "@" + serverAddress + "]";
    }
}
