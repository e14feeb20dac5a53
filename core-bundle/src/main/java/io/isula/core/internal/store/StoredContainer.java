package io.isula.core.internal.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.isula.core.api.ContainerConfig;
import io.isula.core.api.MountPoint;

import java.util.List;

/** config.v2.json: iSulad's CommonConfig keys. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoredContainer(
        @JsonProperty("id") String id,
        @JsonProperty("Name") String name,
        @JsonProperty("Created") String created,
        @JsonProperty("Path") String path,
        @JsonProperty("Args") List<String> args,
        @JsonProperty("Config") ContainerConfig config,
        @JsonProperty("Image") String image,
        @JsonProperty("ImageType") String imageType,
        @JsonProperty("HostnamePath") String hostnamePath,
        @JsonProperty("HostsPath") String hostsPath,
        @JsonProperty("ResolvConfPath") String resolvConfPath,
        @JsonProperty("LogPath") String logPath,
        @JsonProperty("BaseFs") String baseFs,
        @JsonProperty("State") StoredState state,
        @JsonProperty("MountPoints") List<MountPoint> mountPoints) {
}
