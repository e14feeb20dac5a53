package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Container states with iSulad's names; {@link #dockerName()} is what the Docker Engine API shows. */
public enum ContainerStatus {
    UNKNOWN("unknown", "unknown"),
    INITED("inited", "created"),
    STARTING("starting", "starting"),
    RUNNING("running", "running"),
    PAUSED("paused", "paused"),
    RESTARTING("restarting", "restarting"),
    EXITED("exited", "exited");

    private final String isulaName;
    private final String dockerName;

    ContainerStatus(String isulaName, String dockerName) {
        this.isulaName = isulaName;
        this.dockerName = dockerName;
    }

    public String isulaName() { return isulaName; }

    @JsonValue
    public String dockerName() { return dockerName; }

    /** Accepts either name (Docker's or iSulad's). */
    @JsonCreator
    public static ContainerStatus of(String name) {
        for (ContainerStatus s : values()) {
            if (s.dockerName.equalsIgnoreCase(name) || s.isulaName.equalsIgnoreCase(name)) {
                return s;
            }
        }
        return UNKNOWN;
    }

    public boolean isActive() { return this == RUNNING || this == PAUSED || this == RESTARTING || this == STARTING; }
}
