package io.isula.image.oci.store;

import io.isula.core.api.EngineException;
import io.isula.image.oci.model.ImageReference;

/**
 * How image names are kept and shown: stored fully qualified ({@code docker.io/library/busybox:latest},
 * {@code docker.io/library/busybox@sha256:…}), shown in Docker's familiar form ({@code busybox:latest}).
 */
public final class ImageNames {
    private ImageNames() {
    }

    /** The stored form of a tag reference; a reference without a tag gets {@code latest}, one with a digest is refused. */
    public static String tagged(String name) {
        ImageReference ref = parse(name);
        if (ref.tag() == null) {
            throw EngineException.invalid("refusing to create a tag with a digest reference: " + name);
        }
        return ref.name() + ":" + ref.tag();
    }

    /** The stored form of a digest reference ({@code repo@sha256:…}). */
    public static String digested(String name) {
        ImageReference ref = parse(name);
        if (ref.digest() == null) {
            throw EngineException.invalid("not a digest reference: " + name);
        }
        return ref.name() + "@" + ref.digest();
    }

    /** The stored form a lookup of {@code name} matches: its digest reference when it has a digest, else its tag. */
    public static String lookupKey(ImageReference ref) {
        return ref.digest() != null ? ref.name() + "@" + ref.digest() : ref.name() + ":" + ref.tag();
    }

    public static boolean isDigested(String stored) {
        return stored.contains("@");
    }

    /** {@code docker.io/library/busybox:latest} → {@code busybox:latest}. */
    public static String familiar(String stored) {
        ImageReference ref = ImageReference.parse(stored);
        return ref.familiarName() + (ref.digest() != null ? "@" + ref.digest() : ":" + ref.tag());
    }

    /** The repository of a stored reference ({@code docker.io/library/busybox}). */
    public static String repository(String stored) {
        int at = stored.indexOf('@');
        if (at >= 0) {
            return stored.substring(0, at);
        }
        return stored.substring(0, stored.lastIndexOf(':'));
    }

    static ImageReference parse(String name) {
        try {
            return ImageReference.parse(name);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
    }
}
