package io.isula.image.oci.model;

import java.util.regex.Pattern;

/**
 * A normalized image reference, {@code registry/repository[:tag][@digest]}, with Docker's defaults:
 * registry {@code docker.io}, {@code library/} for one-component names on it, tag {@code latest}
 * when neither tag nor digest is given.
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {
    public static final String DEFAULT_REGISTRY = "docker.io";
    public static final String DEFAULT_TAG = "latest";

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern HOST = Pattern.compile(
            "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?"
                    + "|\\[[0-9a-fA-F:.]+\\](?::[0-9]+)?");
    private static final int MAX_NAME = 255;

    public ImageReference {
        if (tag == null && digest == null) {
            throw new IllegalArgumentException("a reference needs a tag or a digest");
        }
    }

    /** Parses {@code text}; a reference without tag nor digest gets {@code latest}. */
    public static ImageReference parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("invalid reference format: empty image name");
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Digest.parse(rest.substring(at + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid reference format: " + text + ": " + e.getMessage());
            }
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("invalid reference format: bad tag \"" + tag + "\" in " + text);
            }
        }
        String registry = DEFAULT_REGISTRY;
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || !first.equals(first.toLowerCase())) {
                registry = first;
                path = rest.substring(slash + 1);
                if (!HOST.matcher(registry).matches()) {
                    throw new IllegalArgumentException("invalid reference format: bad registry \"" + registry + "\" in " + text);
                }
            }
        }
        if (registry.equals("index.docker.io")) {
            registry = DEFAULT_REGISTRY;
        }
        if (registry.equals(DEFAULT_REGISTRY) && !path.contains("/")) {
            path = "library/" + path;
        }
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("invalid reference format: repository name must be lowercase "
                        + "letters, digits and separators: " + text);
            }
        }
        if (registry.length() + 1 + path.length() > MAX_NAME) {
            throw new IllegalArgumentException("invalid reference format: repository name longer than " + MAX_NAME);
        }
        if (tag == null && digest == null) {
            tag = DEFAULT_TAG;
        }
        return new ImageReference(registry, path, tag, digest);
    }

    /** {@code registry/repository}, the key of a repository. */
    public String name() {
        return registry + "/" + repository;
    }

    /** The short form Docker shows: {@code busybox} for {@code docker.io/library/busybox}. */
    public String familiarName() {
        if (registry.equals(DEFAULT_REGISTRY)) {
            return repository.startsWith("library/") ? repository.substring("library/".length()) : repository;
        }
        return name();
    }

    /** {@code familiarName:tag}, or null for a digest-only reference. */
    public String familiarTagged() {
        return tag == null ? null : familiarName() + ":" + tag;
    }

    /** What a registry is asked for: the digest when given, else the tag. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, newTag, null);
    }

    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(registry, repository, null, newDigest);
    }

    @Override
    public String toString() {
        return name() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
