package io.isula.itest.registry;

import java.nio.file.Path;
import java.util.List;

/**
 * One image in an OCI layout: its manifest, config and layers (bottom first) and the config it was written from.
 * {@code refName} is its name in the layout's index.json, null when only an index names it.
 */
public record OciImage(Path layout, String refName, Descriptor manifest, Descriptor config, List<Layer> layers,
        ImageConfig imageConfig) {
    public OciImage {
        layers = List.copyOf(layers);
    }

    public OciImage withRefName(String name) {
        return new OciImage(layout, name, manifest, config, layers, imageConfig);
    }

    /** The layer blob digests, bottom first (what {@code skopeo inspect} lists as Layers). */
    public List<String> layerDigests() {
        return layers.stream().map(Layer::digest).toList();
    }

    /** The digests of the uncompressed layer tars, bottom first (the config's rootfs.diff_ids). */
    public List<String> diffIds() {
        return layers.stream().map(Layer::diffId).toList();
    }

    /** {@code oci:LAYOUT:REF}, the skopeo / containers-image name of this image. */
    public String transportRef() {
        if (refName == null) throw new IllegalStateException("this image has no name in " + layout + "/index.json");
        return "oci:" + layout + ":" + refName;
    }
}
