package io.isula.image.oci.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A container's rootfs, {@code overlay-containers/<id>/container.json}: its overlay sits on {@code topLayer}
 * and its parents. The image may since have been removed (forced); the layers stay while the container does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerLayerRecord(
        @JsonProperty("id") String id,
        @JsonProperty("image") String image,
        @JsonProperty("top-layer") String topLayer,
        @JsonProperty("created") String created) {

    public ContainerLayerRecord {
        StoreIds.requireContainerId(id);
        StoreIds.requireHexId(image, "image");
        if (topLayer != null) {
            StoreIds.requireHexId(topLayer, "layer");
        }
    }
}
