package io.isula.image.oci.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/** An image's configuration blob (OCI image spec, "Image Configuration"; Docker's is a superset). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageConfigFile(
        String created,
        String author,
        String architecture,
        String os,
        String variant,
        Config config,
        RootFs rootfs,
        List<History> history) {

    /** The execution parameters a container of this image starts with. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Config(
            @JsonProperty("User") String user,
            @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
            @JsonProperty("Env") List<String> env,
            @JsonProperty("Entrypoint") List<String> entrypoint,
            @JsonProperty("Cmd") List<String> cmd,
            @JsonProperty("Volumes") Map<String, Object> volumes,
            @JsonProperty("WorkingDir") String workingDir,
            @JsonProperty("Labels") Map<String, String> labels,
            @JsonProperty("StopSignal") String stopSignal,
            @JsonProperty("Healthcheck") Map<String, Object> healthcheck) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RootFs(String type, @JsonProperty("diff_ids") List<Digest> diffIds) {
        public RootFs {
            diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record History(
            String created,
            @JsonProperty("created_by") String createdBy,
            String author,
            String comment,
            @JsonProperty("empty_layer") Boolean emptyLayer) {
    }

    public List<Digest> diffIds() {
        return rootfs == null ? List.of() : rootfs.diffIds();
    }
}
