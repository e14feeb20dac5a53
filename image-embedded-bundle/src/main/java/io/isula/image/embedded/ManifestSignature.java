package io.isula.image.embedded;

import io.isula.core.api.EngineException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The manifest's signature file: beside it, its name with the extension replaced by {@code .sgn}
 * ({@code test.manifest} → {@code test.sgn}), holding exactly {@code sha256:<64 hex>} of the manifest, no newline.
 */
final class ManifestSignature {
    private static final int LENGTH = "sha256:".length() + 64;

    private ManifestSignature() {
    }

    static Path fileOf(Path manifest) {
        String name = manifest.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : dot == 0 ? "" : name;
        return manifest.resolveSibling(base + ".sgn");
    }

    /** Fails unless the signature file of {@code manifest} names {@code digest} exactly. */
    static void verify(Path manifest, String digest) {
        Path sgn = fileOf(manifest);
        byte[] content;
        try {
            Path real = sgn.toRealPath();
            if (!Files.isRegularFile(real)) {
                throw EngineException.invalid("Manifest's signature file not exist");
            }
            content = Files.readAllBytes(real);
        } catch (IOException e) {
            throw EngineException.invalid("Manifest's signature file not exist");
        }
        String text = new String(content, StandardCharsets.UTF_8);
        if (content.length != LENGTH || !text.equals(digest)) {
            throw EngineException.invalid("Invalid manifest: invalid digest");
        }
    }
}
