package io.isula.image.oci;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.isula.core.api.ImageDetails;
import io.isula.core.api.ImageHistoryItem;
import io.isula.core.api.ImageSummary;
import io.isula.core.spi.ImageConfig;
import io.isula.image.oci.model.ImageConfigFile;
import io.isula.image.oci.model.OciJson;
import io.isula.image.oci.store.ImageNames;
import io.isula.image.oci.store.ImageRecord;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** An image as the API shows it (Docker's shapes), from its record and its config blob. */
final class ImageViews {
    /** Docker's id of the history steps below the newest: their own images are not kept. */
    private static final String MISSING = "<missing>";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<Map<String, Object>>> LIST_OF_MAPS = new TypeReference<>() {
    };

    private ImageViews() {
    }

    /** {@code sharedSize}: bytes of its layers that other images hold too. */
    static ImageSummary summary(ImageRecord image, byte[] config, int containers, long sharedSize) throws IOException {
        JsonNode root = OciJson.mapper().readTree(config);
        Map<String, String> labels = OciJson.mapper().convertValue(root.path("config").path("Labels").isObject()
                ? root.path("config").path("Labels") : OciJson.mapper().createObjectNode(), new TypeReference<>() {
        });
        return new ImageSummary("sha256:" + image.id(), "", familiar(image.names()), familiar(image.repoDigests()),
                epochSeconds(image.created()), image.size(), sharedSize, image.size(), labels, containers,
                OciImageProvider.TYPE);
    }

    static ImageDetails details(ImageRecord image, byte[] config) throws IOException {
        JsonNode root = OciJson.mapper().readTree(config);
        Map<String, Object> containerConfig = root.path("config").isObject()
                ? OciJson.mapper().convertValue(root.path("config"), MAP) : Map.of();
        List<Map<String, Object>> history = root.path("history").isArray()
                ? OciJson.mapper().convertValue(root.path("history"), LIST_OF_MAPS) : List.of();
        List<String> diffIds = OciJson.mapper().convertValue(root.path("rootfs").path("diff_ids").isArray()
                ? root.path("rootfs").path("diff_ids") : OciJson.mapper().createArrayNode(), new TypeReference<>() {
        });
        return new ImageDetails("sha256:" + image.id(), familiar(image.names()), familiar(image.repoDigests()), "",
                root.path("comment").asText(""), textOrNull(root, "created"), root.path("author").asText(""),
                containerConfig, textOrNull(root, "architecture"), textOrNull(root, "os"), image.size(),
                new ImageDetails.RootFs("layers", diffIds), history, new ImageDetails.Metadata(image.loaded()),
                OciImageProvider.TYPE, image.topLayer());
    }

    /** What a container takes from the image: Env, Entrypoint, Cmd, WorkingDir, User, Labels, StopSignal, Volumes. */
    static ImageConfig containerDefaults(byte[] config) {
        ImageConfigFile file = OciJson.read(config, ImageConfigFile.class, "image config");
        ImageConfigFile.Config c = file.config();
        if (c == null) {
            return ImageConfig.none();
        }
        return new ImageConfig(c.env(), c.entrypoint(), c.cmd(), blankToNull(c.workingDir()), blankToNull(c.user()),
                c.labels(), blankToNull(c.stopSignal()),
                c.volumes() == null || c.volumes().isEmpty() ? null : List.copyOf(c.volumes().keySet()));
    }

    /**
     * Docker's history of an image: its config's history steps newest first, each step that made a layer with the
     * bytes of that layer ({@code layerSizes}, bottom first); without history, one step per layer.
     */
    static List<ImageHistoryItem> history(ImageRecord image, byte[] config, List<Long> layerSizes) throws IOException {
        JsonNode steps = OciJson.mapper().readTree(config).path("history");
        long imageCreated = epochSeconds(image.created());
        List<ImageHistoryItem> out = new ArrayList<>();
        if (steps.isArray() && !steps.isEmpty()) {
            int layer = 0;
            for (JsonNode step : steps) {
                boolean madeLayer = !step.path("empty_layer").asBoolean(false) && layer < layerSizes.size();
                long created = step.hasNonNull("created") ? epochSeconds(step.get("created").asText()) : imageCreated;
                out.add(new ImageHistoryItem(MISSING, created, step.path("created_by").asText(""), List.of(),
                        madeLayer ? layerSizes.get(layer++) : 0, step.path("comment").asText("")));
            }
        } else {
            layerSizes.forEach(size -> out.add(new ImageHistoryItem(MISSING, imageCreated, "", List.of(), size, "")));
        }
        Collections.reverse(out);
        if (!out.isEmpty()) {
            ImageHistoryItem top = out.get(0);
            out.set(0, new ImageHistoryItem("sha256:" + image.id(), top.created(), top.createdBy(),
                    familiar(image.names()), top.size(), top.comment()));
        }
        return out;
    }

    private static List<String> familiar(List<String> stored) {
        return stored.stream().map(ImageNames::familiar).toList();
    }

    static long epochSeconds(String created) {
        if (created == null) {
            return 0;
        }
        try {
            return OffsetDateTime.parse(created).toEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    private static String textOrNull(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
