package io.isula.image.external;

import io.isula.core.api.EngineException;
import io.isula.core.spi.ImageProvider;
import io.isula.core.spi.RootfsRequest;
import org.osgi.service.component.annotations.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * iSulad's "external" image type: a rootfs the engine does not manage ({@code --external-rootfs PATH}).
 * The directory is used as it is: nothing is created, mounted, changed or deleted in it.
 */
@Component(service = ImageProvider.class, property = "isula.image.type=external")
public final class ExternalImageProvider implements ImageProvider {
    @Override
    public String type() {
        return "external";
    }

    /** An absolute path that exists. */
    @Override
    public boolean detect(String nameOrPath) {
        if (nameOrPath == null || !nameOrPath.startsWith("/")) {
            return false;
        }
        return Files.exists(Path.of(nameOrPath));
    }

    @Override
    public String prepareRootfs(RootfsRequest request) {
        String given = request.externalRootfs();
        if (given == null) {
            throw EngineException.invalid("image type external needs --external-rootfs");
        }
        Path path = Path.of(given);
        if (!path.isAbsolute()) {
            throw EngineException.invalid("external rootfs must be an absolute path: " + given);
        }
        try {
            Path real = path.toRealPath();
            if (!Files.isDirectory(real)) {
                throw EngineException.invalid("external rootfs " + given + " is not a directory");
            }
            return real.toString();
        } catch (IOException e) {
            throw EngineException.invalid("external rootfs " + given + " does not exist");
        }
    }
}
