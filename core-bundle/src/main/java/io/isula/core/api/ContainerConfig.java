package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The portable part of a container's configuration, with Docker's {@code Config} keys. In a create
 * request (Docker's {@code POST /containers/create} body) {@link #hostConfig()} carries the host part;
 * in a stored or inspected container it is null and the host part lives beside it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerConfig(
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("User") String user,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Cmd") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> cmd,
        @JsonProperty("Entrypoint") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> entrypoint,
        @JsonProperty("Image") String image,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Tty") boolean tty,
        @JsonProperty("OpenStdin") boolean openStdin,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("HostConfig") HostConfig hostConfig,
        @JsonProperty("Healthcheck") HealthConfig healthcheck,
        @JsonProperty("Volumes") Map<String, Object> volumes) {

    /** The fields of the walking skeleton; no health check, no anonymous volumes. */
    public ContainerConfig(String hostname, String user, List<String> env, List<String> cmd, List<String> entrypoint,
                           String image, String workingDir, Map<String, String> labels, boolean tty,
                           boolean openStdin, String stopSignal, HostConfig hostConfig) {
        this(hostname, user, env, cmd, entrypoint, image, workingDir, labels, tty, openStdin, stopSignal, hostConfig,
                null, null);
    }

    public ContainerConfig withoutHostConfig() {
        return new ContainerConfig(hostname, user, env, cmd, entrypoint, image, workingDir, labels, tty, openStdin,
                stopSignal, null, healthcheck, volumes);
    }

    public ContainerConfig withHealthcheck(HealthConfig check) {
        return new ContainerConfig(hostname, user, env, cmd, entrypoint, image, workingDir, labels, tty, openStdin,
                stopSignal, hostConfig, check, volumes);
    }

    public ContainerConfig withVolumes(Map<String, Object> anonymous) {
        return new ContainerConfig(hostname, user, env, cmd, entrypoint, image, workingDir, labels, tty, openStdin,
                stopSignal, hostConfig, healthcheck, anonymous);
    }

    /** A small builder: create requests have many optional fields. */
    public static Builder builder() { return new Builder(); }

    public static final class Builder {
        private String hostname;
        private String user;
        private List<String> env;
        private List<String> cmd;
        private List<String> entrypoint;
        private String image;
        private String workingDir;
        private Map<String, String> labels;
        private boolean tty;
        private boolean openStdin;
        private String stopSignal;
        private HostConfig hostConfig;
        private HealthConfig healthcheck;
        private Map<String, Object> volumes;

        public Builder hostname(String v) { hostname = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder env(List<String> v) { env = v; return this; }
        public Builder cmd(List<String> v) { cmd = v; return this; }
        public Builder entrypoint(List<String> v) { entrypoint = v; return this; }
        public Builder image(String v) { image = v; return this; }
        public Builder workingDir(String v) { workingDir = v; return this; }
        public Builder labels(Map<String, String> v) { labels = v; return this; }
        public Builder tty(boolean v) { tty = v; return this; }
        public Builder openStdin(boolean v) { openStdin = v; return this; }
        public Builder stopSignal(String v) { stopSignal = v; return this; }
        public Builder hostConfig(HostConfig v) { hostConfig = v; return this; }
        public Builder healthcheck(HealthConfig v) { healthcheck = v; return this; }
        public Builder volumes(Map<String, Object> v) { volumes = v; return this; }

        public ContainerConfig build() {
            return new ContainerConfig(hostname, user, env, cmd, entrypoint, image, workingDir, labels, tty, openStdin,
                    stopSignal, hostConfig, healthcheck, volumes);
        }
    }
}
