package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One line of an image removal (Docker's {@code DELETE /images/{name}} items): a name untagged or an image deleted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageDeleted(@JsonProperty("Untagged") String untagged, @JsonProperty("Deleted") String deleted) {
    public static ImageDeleted untagged(String name) { return new ImageDeleted(name, null); }

    public static ImageDeleted deleted(String id) { return new ImageDeleted(null, id); }
}
