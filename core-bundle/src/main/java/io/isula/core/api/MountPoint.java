package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One mount of a container as {@code inspect} shows it (Docker's {@code Mounts} items): a bind, a volume or a tmpfs.
 *
 * @param name the volume's name (volumes only)
 * @param mode the options as given ({@code ro}, {@code rw}, {@code z}…)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MountPoint(
        @JsonProperty("Type") String type,
        @JsonProperty("Name") String name,
        @JsonProperty("Source") String source,
        @JsonProperty("Destination") String destination,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Mode") String mode,
        @JsonProperty("RW") boolean rw,
        @JsonProperty("Propagation") String propagation) {
}
