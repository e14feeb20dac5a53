package io.isula.core.spi;

import java.util.List;

/**
 * A mount an image type adds to each container of an image (iSulad's embedded layers 1..n), as an OCI spec mount.
 * The kernel puts these before the user's own mounts, so a user mount on the same destination wins.
 *
 * @param destination absolute path inside the container
 * @param type        the OCI mount type ({@code bind} for a host directory)
 * @param source      the host path; it must exist once {@link ImageProvider#mountRootfs} has run
 * @param options     the OCI mount options, e.g. {@code rbind}, {@code ro}, {@code rprivate}
 */
public record ImageMount(String destination, String type, String source, List<String> options) {
    public ImageMount {
        options = List.copyOf(options);
    }
}
