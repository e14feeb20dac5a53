package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.util.List;

/**
 * What the engine's images, containers and volumes take on disk (Docker's {@code GET /system/df} answer). The engine
 * builds nothing, so there is no build cache.
 *
 * @param layersSize bytes of the layers the image stores hold, shared ones once
 */
public record DiskUsage(
        @JsonProperty("LayersSize") long layersSize,
        @JsonProperty("Images") List<ImageSummary> images,
        @JsonProperty("Containers") List<ContainerUsage> containers,
        @JsonProperty("Volumes") List<VolumeUsage> volumes,
        @JsonProperty("BuildCache") List<Object> buildCache) {

    /**
     * A container and its sizes.
     *
     * @param sizeRw     bytes it wrote into the layer of its own (none for a rootfs the engine does not own)
     * @param sizeRootFs those and its image's
     */
    public record ContainerUsage(@JsonUnwrapped ContainerSummary container, @JsonProperty("SizeRw") long sizeRw,
                                 @JsonProperty("SizeRootFs") long sizeRootFs) {
    }

    /** A volume, the bytes of its files and how many containers use it. */
    public record VolumeUsage(@JsonUnwrapped Volume volume, @JsonProperty("UsageData") Usage usageData) {
    }

    public record Usage(@JsonProperty("Size") long size, @JsonProperty("RefCount") int refCount) {
    }
}
