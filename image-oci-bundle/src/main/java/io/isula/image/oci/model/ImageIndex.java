package io.isula.image.oci.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An OCI image index or a Docker manifest list. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageIndex(
        int schemaVersion,
        String mediaType,
        List<Descriptor> manifests,
        Map<String, String> annotations) {

    public ImageIndex {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("unsupported index schemaVersion " + schemaVersion);
        }
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
    }

    /** The first image manifest for {@code platform}. */
    public Optional<Descriptor> select(Platform platform) {
        return manifests.stream()
                .filter(d -> d.mediaType() == null || MediaTypes.MANIFESTS.contains(d.mediaType()))
                .filter(d -> platform.accepts(d.platform()))
                .findFirst();
    }
}
