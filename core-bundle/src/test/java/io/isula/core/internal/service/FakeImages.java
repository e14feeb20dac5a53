package io.isula.core.internal.service;

import io.isula.core.api.EngineException;
import io.isula.core.spi.ImageConfig;
import io.isula.core.spi.ImageProvider;
import io.isula.core.spi.RootfsRequest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** An image type with one image, "img", whose rootfs is a fixed directory. */
final class FakeImages implements ImageProvider {
    private final Path rootfs;
    volatile boolean failPrepare;

    FakeImages(Path rootfs) { this.rootfs = rootfs; }

    @Override
    public String type() { return "fake-img"; }

    @Override
    public boolean detect(String nameOrPath) { return "img".equals(nameOrPath); }

    @Override
    public String prepareRootfs(RootfsRequest request) {
        if (failPrepare) {
            throw EngineException.invalid("disk full");
        }
        return rootfs.toString();
    }

    @Override
    public ImageConfig mergeConfig(String image) {
        return new ImageConfig(List.of("IMG=1", "PATH=/img/bin"), null, List.of("sh"), "/work", null,
                Map.of("from", "image"), null);
    }

    @Override
    public Path mountRootfs(RootfsRequest request) { return rootfs; }
}
