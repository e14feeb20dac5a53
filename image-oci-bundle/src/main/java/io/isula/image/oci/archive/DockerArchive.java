package io.isula.image.oci.archive;

import com.fasterxml.jackson.databind.JsonNode;
import io.isula.core.api.EngineException;
import io.isula.image.oci.model.Digest;
import io.isula.image.oci.model.ImageConfigFile;
import io.isula.image.oci.model.OciJson;
import io.isula.image.oci.store.ImageNames;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A docker-archive ({@code docker save}, {@code skopeo copy … docker-archive:}): {@code manifest.json} lists
 * {@code {Config, RepoTags, Layers}} per image; files are {@code <hex>.json} and {@code <id>/layer.tar} (legacy)
 * or {@code blobs/sha256/<hex>} (Docker 25+). Files named by a digest are checked against it.
 */
final class DockerArchive {
    static final String MANIFEST = "manifest.json";
    static final long MAX_JSON = 16L << 20;
    private static final Pattern DIGEST_NAMED = Pattern.compile("(?:.*/)?(?:blobs/(sha256|sha512)/)?([a-f0-9]{64}|[a-f0-9]{128})(?:\\.json)?");
    private static final Pattern BLOB = Pattern.compile("blobs/(sha256|sha512)/([a-f0-9]{64}|[a-f0-9]{128})");

    private DockerArchive() {
    }

    static List<ArchiveImage> read(ArchiveFile archive) throws IOException {
        JsonNode root;
        try {
            root = OciJson.mapper().readTree(archive.read(MANIFEST, MANIFEST, MAX_JSON));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ArchiveException(MANIFEST + " is not valid JSON: " + firstLine(e.getOriginalMessage()));
        }
        if (root == null || !root.isArray()) {
            throw new ArchiveException(MANIFEST + " must be a JSON array of images");
        }
        if (root.isEmpty()) {
            throw new ArchiveException(MANIFEST + " lists no image");
        }
        List<ArchiveImage> images = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            images.add(image(archive, root.get(i), "image " + (i + 1) + " of " + MANIFEST));
        }
        return images;
    }

    private static ArchiveImage image(ArchiveFile archive, JsonNode item, String label) throws IOException {
        if (item == null || !item.isObject()) {
            throw new ArchiveException(label + " is not a JSON object");
        }
        String configName = text(item, "Config", label);
        byte[] config = archive.read(configName, label + ": config", MAX_JSON);
        Digest named = digestOfName(configName);
        if (named != null && !BlobDigests.of(named, config).equals(named)) {
            throw new ArchiveException(label + ": config \"" + configName + "\" does not match its digest (content is "
                    + BlobDigests.of(named, config) + ")");
        }
        ImageConfigFile parsed;
        try {
            parsed = OciJson.read(config, ImageConfigFile.class, "image config");
        } catch (IllegalArgumentException e) {
            throw new ArchiveException(label + ": " + e.getMessage());
        }
        JsonNode layerNames = item.get("Layers");
        if (layerNames == null || !layerNames.isArray()) {
            throw new ArchiveException(label + ": \"Layers\" must be an array of paths");
        }
        List<Digest> diffIds = parsed.diffIds();
        if (layerNames.size() != diffIds.size()) {
            throw new ArchiveException(label + " lists " + layerNames.size() + " layers but its config has "
                    + diffIds.size() + " diff ids");
        }
        List<ArchiveImage.Layer> layers = new ArrayList<>();
        for (int i = 0; i < layerNames.size(); i++) {
            JsonNode n = layerNames.get(i);
            if (!n.isTextual()) {
                throw new ArchiveException(label + ": layer " + (i + 1) + " is not a path");
            }
            String name = n.asText();
            TarArchiveEntry entry = archive.file(name, label + ": layer");
            Matcher blob = BLOB.matcher(ArchiveFile.normalize(name));
            Digest compressed = blob.matches() ? new Digest(blob.group(1), blob.group(2)) : null;
            layers.add(new ArchiveImage.Layer(name, diffIds.get(i), compressed, entry.getSize()));
        }
        return new ArchiveImage(label, config, parsed, layers, repoTags(item, label), null, null, null);
    }

    private static List<String> repoTags(JsonNode item, String label) throws ArchiveException {
        JsonNode tags = item.get("RepoTags");
        if (tags == null || tags.isNull()) {
            return List.of();
        }
        if (!tags.isArray()) {
            throw new ArchiveException(label + ": \"RepoTags\" must be an array of names");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode t : tags) {
            if (!t.isTextual()) {
                throw new ArchiveException(label + ": \"RepoTags\" must be an array of names");
            }
            try {
                out.add(ImageNames.tagged(t.asText()));
            } catch (EngineException e) {
                throw new ArchiveException(label + ": RepoTags: " + e.getMessage());
            }
        }
        return out;
    }

    /** The digest a file name states: {@code <hex>.json}, {@code blobs/sha256/<hex>}; null for other names. */
    static Digest digestOfName(String name) {
        Matcher m = DIGEST_NAMED.matcher(ArchiveFile.normalize(name));
        if (!m.matches()) {
            return null;
        }
        String alg = m.group(1) != null ? m.group(1) : (m.group(2).length() == 64 ? "sha256" : "sha512");
        return new Digest(alg, m.group(2));
    }

    private static String text(JsonNode item, String field, String label) throws ArchiveException {
        JsonNode n = item.get(field);
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            throw new ArchiveException(label + ": \"" + field + "\" is missing");
        }
        return n.asText();
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
