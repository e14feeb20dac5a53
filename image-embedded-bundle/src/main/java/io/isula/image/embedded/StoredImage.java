package io.isula.image.embedded;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A loaded embedded image as the store keeps it (iSulad's {@code image_info} row): the manifest stays where it was
 * loaded from; its text is kept for inspect and for containers created later.
 *
 * @param id           {@code sha256:<hex>} of the manifest file
 * @param name         the manifest's {@code imageName}
 * @param manifestPath the manifest's real path when it was loaded
 * @param created      the manifest's {@code created}
 * @param size         bytes of the files of layers 1..n
 * @param mountString  layer 0's {@code pathInHost}
 * @param manifest     the manifest's text
 * @param loaded       when it was loaded (RFC 3339)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record StoredImage(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("manifestPath") String manifestPath,
        @JsonProperty("created") String created,
        @JsonProperty("size") long size,
        @JsonProperty("mountString") String mountString,
        @JsonProperty("manifest") String manifest,
        @JsonProperty("loaded") String loaded) {

    String hex() {
        return id.substring("sha256:".length());
    }
}
