package io.isula.image.embedded;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * An embedded image's manifest (iSulad's {@code embedded/manifest.json} schema): the image's name and creation time,
 * the process settings it brings, and its layers; layer 0 is the rootfs.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmbeddedManifest(
        @JsonProperty("schemaVersion") long schemaVersion,
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("imageName") String imageName,
        @JsonProperty("created") String created,
        @JsonProperty("config") Config config,
        @JsonProperty("layers") List<Layer> layers) {

    public static final String MEDIA_TYPE = "application/embedded.manifest+json";

    public EmbeddedManifest {
        layers = layers == null ? List.of() : List.copyOf(layers);
        config = config == null ? new Config(null, null, null) : config;
    }

    /** The process settings, with iSulad's upper-case keys. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Config(
            @JsonProperty("ENV") List<String> env,
            @JsonProperty("ENTRYPOINT") List<String> entrypoint,
            @JsonProperty("WORKDIR") String workdir) {
    }

    /**
     * One layer: a squashfs image or a directory. Layer 0 names the rootfs on the host (a block device, or
     * {@code /}); the others are relative to the manifest's folder and mounted at {@code pathInContainer}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Layer(
            @JsonProperty("mediaType") String mediaType,
            @JsonProperty("size") long size,
            @JsonProperty("digest") String digest,
            @JsonProperty("pathInHost") String pathInHost,
            @JsonProperty("pathInContainer") String pathInContainer) {

        public static final String SQUASHFS = "application/squashfs.image.rootfs.diff.img";
        public static final String DIRECTORY = "application/bind.image.rootfs.diff.dir";

        public boolean isSquashfs() {
            return SQUASHFS.equals(mediaType);
        }
    }
}
