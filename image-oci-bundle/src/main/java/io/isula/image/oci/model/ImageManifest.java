package io.isula.image.oci.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** An image manifest: OCI's or Docker's schema 2 (same shape). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageManifest(
        int schemaVersion,
        String mediaType,
        Descriptor config,
        List<Descriptor> layers,
        Map<String, String> annotations) {

    public ImageManifest {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("unsupported manifest schemaVersion " + schemaVersion);
        }
        if (config == null) {
            throw new IllegalArgumentException("manifest without a config");
        }
        layers = layers == null ? List.of() : List.copyOf(layers);
    }
}
