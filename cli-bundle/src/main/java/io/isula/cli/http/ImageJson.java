package io.isula.cli.http;

import io.isula.core.api.ImageDetails;
import io.isula.core.api.ImageSummary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.isula.cli.http.ApiJson.asObject;
import static io.isula.cli.http.ApiJson.num;
import static io.isula.cli.http.ApiJson.str;
import static io.isula.cli.http.ApiJson.stringMap;
import static io.isula.cli.http.ApiJson.strings;

/** The image answers of the daemon API as records, and image records as JSON trees (for the in-process engine). */
public final class ImageJson {
    private ImageJson() {
    }

    /** A {@code GET /images/json} answer. */
    public static List<ImageSummary> summaries(Object tree) {
        if (!(tree instanceof List<?> l)) {
            throw new IllegalArgumentException("expected a JSON array of images");
        }
        List<ImageSummary> out = new ArrayList<>(l.size());
        for (Object o : l) {
            Map<String, Object> m = asObject(o, "image");
            out.add(new ImageSummary(str(m, "Id"), str(m, "ParentId"), strings(m, "RepoTags"), strings(m, "RepoDigests"),
                    num(m, "Created"), num(m, "Size"), num(m, "SharedSize"), num(m, "VirtualSize"),
                    stringMap(m, "Labels"), (int) num(m, "Containers"), str(m, "ImageType")));
        }
        return out;
    }

    /** An in-process engine's image as the daemon API would send it. */
    public static Map<String, Object> tree(ImageDetails d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", d.id());
        m.put("RepoTags", d.repoTags());
        m.put("RepoDigests", d.repoDigests());
        m.put("Created", d.created());
        m.put("Author", d.author());
        m.put("Config", d.config());
        m.put("Architecture", d.architecture());
        m.put("Os", d.os());
        m.put("Size", d.size());
        if (d.rootFs() != null) {
            m.put("RootFS", Map.of("Type", d.rootFs().type(), "Layers", d.rootFs().layers()));
        }
        m.put("History", d.history());
        if (d.metadata() != null) {
            m.put("Metadata", Map.of("LastTagTime", d.metadata().lastTagTime()));
        }
        m.put("ImageType", d.imageType());
        m.put("TopLayer", d.topLayer());
        if (d.manifest() != null) {
            m.put("Manifest", d.manifest());
        }
        return m;
    }

    /**
     * iSulad's image inspect shape ({@code {"image": {id, repo_tags, repo_digests, top_layer, size, created, loaded,
     * Spec: {created, author, architecture, os, config, rootfs, history}}}}) from the Docker-shaped answer; an embedded
     * image's manifest as it is.
     */
    public static Map<String, Object> isulaView(Map<String, Object> docker) {
        if (docker.get("Manifest") instanceof Map<?, ?> manifest) {
            // iSulad prints an embedded image's manifest as it was loaded
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = (Map<String, Object>) manifest;
            return raw;
        }
        String id = str(docker, "Id");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("created", docker.get("Created"));
        spec.put("author", docker.get("Author"));
        spec.put("architecture", docker.get("Architecture"));
        spec.put("os", docker.get("Os"));
        spec.put("config", docker.get("Config"));
        Object rootfs = docker.get("RootFS");
        if (rootfs instanceof Map<?, ?> r) {
            spec.put("rootfs", Map.of("type", r.get("Type"), "diff_ids", r.get("Layers")));
        }
        spec.put("history", docker.get("History"));
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("id", id != null && id.startsWith("sha256:") ? id.substring(7) : id);
        image.put("repo_tags", docker.get("RepoTags"));
        image.put("repo_digests", docker.get("RepoDigests"));
        image.put("top_layer", docker.get("TopLayer"));
        image.put("size", docker.get("Size"));
        image.put("created", docker.get("Created"));
        Object metadata = docker.get("Metadata");
        image.put("loaded", metadata instanceof Map<?, ?> md ? md.get("LastTagTime") : null);
        image.put("Spec", spec);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("image", image);
        return view;
    }
}
