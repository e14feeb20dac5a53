package io.isula.image.oci.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An image on disk: {@code overlay-images/<id>/images.json}, written last when an image is stored. */
final class ImageFiles {
    private final StorePaths paths;

    ImageFiles(StorePaths paths) {
        this.paths = paths;
    }

    void save(ImageRecord record) throws IOException {
        RecordFiles.write(paths.imageJson(record.id()), record);
    }

    /** Record first (a folder without one is garbage to recovery), then the folder. */
    void delete(String id) throws IOException {
        Path json = paths.imageJson(id);
        Files.deleteIfExists(json);
        LayerFiles.discard(json.getParent());
    }
}
