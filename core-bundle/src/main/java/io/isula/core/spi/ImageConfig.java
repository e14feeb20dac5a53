package io.isula.core.spi;

import java.util.List;
import java.util.Map;

/**
 * What an image contributes to a container's configuration (null fields: nothing).
 *
 * @param volumes the image's {@code VOLUME}s: each destination gets an anonymous volume unless the user mounts there
 */
public record ImageConfig(
        List<String> env,
        List<String> entrypoint,
        List<String> cmd,
        String workingDir,
        String user,
        Map<String, String> labels,
        String stopSignal,
        List<String> volumes) {

    /** An image without VOLUMEs. */
    public ImageConfig(List<String> env, List<String> entrypoint, List<String> cmd, String workingDir, String user,
                       Map<String, String> labels, String stopSignal) {
        this(env, entrypoint, cmd, workingDir, user, labels, stopSignal, null);
    }

    public static ImageConfig none() { return new ImageConfig(null, null, null, null, null, null, null, null); }
}
