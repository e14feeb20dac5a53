package io.isula.image.oci.archive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.api.EngineException;
import io.isula.image.oci.layer.LayerException;
import io.isula.image.oci.model.Digest;
import io.isula.image.oci.model.OciJson;
import io.isula.image.oci.model.Platform;
import io.isula.image.oci.store.ImageNames;
import io.isula.image.oci.store.OciStore;
import io.isula.image.oci.store.StoreTransaction;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.zip.ZipException;

/** {@code import}: a rootfs tarball (plain or compressed) becomes a one-layer image with a generated config. */
public final class RootfsImporter {
    private final OciStore store;
    private final Clock clock;

    public RootfsImporter(OciStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Returns the new image's id, {@code sha256:<hex>}. {@code reference} may be null (an untagged image). */
    public String importRootfs(Path tarball, String reference) throws IOException {
        String name = reference == null || reference.isBlank() ? null : ImageNames.tagged(reference);
        if (!Files.isRegularFile(tarball)) {
            throw EngineException.invalid("cannot import " + tarball + ": not a regular file");
        }
        if (Files.size(tarball) == 0) {
            throw EngineException.invalid("cannot import an empty file");
        }
        try (StoreTransaction tx = store.begin()) {
            Digest diffId = tx.unpackLayer(tarball, null, null, null);
            byte[] config = config(diffId, Instant.now(clock));
            return "sha256:" + tx.registerImage(config, null, null, name == null ? List.of() : List.of(name), List.of());
        } catch (LayerException | EOFException | ZipException e) {
            throw EngineException.invalid("invalid rootfs tarball: " + e.getMessage());
        }
    }

    /** An image config for one layer made here and now ({@code created_by: import}). */
    static byte[] config(Digest diffId, Instant now) {
        Platform host = Platform.host();
        ObjectNode root = OciJson.mapper().createObjectNode();
        root.put("created", now.toString());
        root.put("architecture", host.architecture());
        root.put("os", host.os());
        root.putObject("config");
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(diffId.toString());
        ArrayNode history = root.putArray("history");
        history.addObject().put("created", now.toString()).put("created_by", "import");
        return OciJson.write(root);
    }
}
