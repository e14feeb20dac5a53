package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * A volume to create, Docker's {@code POST /volumes/create} body.
 *
 * @param name       empty or null: an anonymous volume (64 random hex digits)
 * @param driver     empty, null or {@code local}: the only driver there is
 * @param driverOpts the local driver's mount options; none are supported
 * @param labels     kept with the volume and shown by inspect and list
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VolumeCreate(
        @JsonProperty("Name") String name,
        @JsonProperty("Driver") String driver,
        @JsonProperty("DriverOpts") Map<String, String> driverOpts,
        @JsonProperty("Labels") Map<String, String> labels) {
    public VolumeCreate {
        driverOpts = driverOpts == null ? Map.of() : Map.copyOf(driverOpts);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
