package io.isula.core.spi;

import java.util.List;
import java.util.Map;

/** What an image contributes to a container's configuration (null fields: nothing). */
public record ImageConfig(
        List<String> env,
        List<String> entrypoint,
        List<String> cmd,
        String workingDir,
        String user,
        Map<String, String> labels,
        String stopSignal) {

    public static ImageConfig none() { return new ImageConfig(null, null, null, null, null, null, null); }
}
