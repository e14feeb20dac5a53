package io.isula.image.oci.store;

/**
 * An image found by a lookup.
 *
 * @param reference the stored reference the name matched, or null when it matched the image's id (or an id prefix)
 */
public record ImageMatch(ImageRecord image, String reference) {
    public boolean byId() {
        return reference == null;
    }
}
