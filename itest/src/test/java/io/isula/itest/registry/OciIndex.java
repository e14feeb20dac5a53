package io.isula.itest.registry;

import java.nio.file.Path;
import java.util.List;

/** A multi-platform image index in an OCI layout and the images it lists (each with its platform). */
public record OciIndex(Path layout, String refName, Descriptor index, List<OciImage> images) {
    public OciIndex {
        images = List.copyOf(images);
    }

    /** The image for {@code platform}; fails when the index has none. */
    public OciImage image(Platform platform) {
        return images.stream().filter(i -> i.imageConfig().platform().equals(platform)).findFirst()
                .orElseThrow(() -> new AssertionError("the index has no image for " + platform));
    }

    /** {@code oci:LAYOUT:REF}. */
    public String transportRef() {
        return "oci:" + layout + ":" + refName;
    }
}
