package io.isula.image.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.EngineException;
import io.isula.core.api.ImageDeleted;
import io.isula.core.api.ImageDetails;
import io.isula.core.api.ImageSummary;
import io.isula.core.api.ProgressUpdate;
import io.isula.core.spi.ImageConfig;
import io.isula.core.spi.ImageMount;
import io.isula.core.spi.ImageProvider;
import io.isula.core.spi.ProviderContext;
import io.isula.core.spi.RootfsRequest;
import org.osgi.service.component.annotations.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * iSulad's "embedded" image type, for devices: an image is a manifest whose layer 0 is the rootfs (a read-only
 * block device, or the host's {@code /}) and whose other layers, squashfs images or directories beside the manifest,
 * are mounted read-only at fixed paths in the container. Images are kept under {@code <graph>/embedded}.
 */
@Component(service = ImageProvider.class, property = "isula.image.type=embedded")
public final class EmbeddedImageProvider implements ImageProvider {
    static final String TYPE = "embedded";

    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);
    private volatile ImageStore images;
    private volatile ContainerLayers containers;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void init(ProviderContext context) {
        open(context.settings().graph().resolve(TYPE));
    }

    void open(Path root) {
        images = new ImageStore(root, json);
        containers = new ContainerLayers(root, json);
    }

    /** A valid embedded name (a tag is mandatory) of a loaded image. */
    @Override
    public boolean detect(String nameOrPath) {
        return EmbeddedName.isValid(nameOrPath) && store().find(nameOrPath).isPresent();
    }

    // ---- load ----

    /** Loads the manifest at {@code manifest} (iSulad's {@code load -t embedded}); returns the image's name. */
    @Override
    public List<String> load(Path manifest, String tag, Consumer<ProgressUpdate> progress) {
        if (tag != null) {
            throw EngineException.invalid("Option --tag can be used only when type is docker");
        }
        Path real;
        try {
            real = manifest.toRealPath();
        } catch (IOException e) {
            throw EngineException.invalid("Invalid manifest: manifest not found");
        }
        if (!Files.isRegularFile(real)) {
            throw EngineException.invalid("Invalid manifest: manifest is not a regular file");
        }
        byte[] content;
        try {
            content = Files.readAllBytes(real);
        } catch (IOException e) {
            throw EngineException.invalid("Invalid manifest: manifest not found");
        }
        String digest = FileDigest.sha256(content);
        ManifestSignature.verify(real, digest);
        EmbeddedManifest parsed = parse(content);
        ManifestRules.Checked checked = ManifestRules.check(parsed, real);
        String text = new String(content, StandardCharsets.UTF_8);
        store().add(new StoredImage(digest, parsed.imageName(), real.toString(), parsed.created(), checked.size(),
                parsed.layers().get(0).pathInHost(), text, Instant.now().toString()));
        return List.of(parsed.imageName());
    }

    private EmbeddedManifest parse(byte[] content) {
        try {
            EmbeddedManifest m = json.readValue(content, EmbeddedManifest.class);
            if (m == null) {
                throw new IOException("empty");
            }
            return m;
        } catch (IOException e) {
            throw EngineException.invalid("Invalid content in manifest: parse manifest as a json file failed");
        }
    }

    // ---- queries ----

    @Override
    public int imageCount() {
        return store().all().size();
    }

    @Override
    public List<ImageSummary> list() {
        List<ImageSummary> out = new ArrayList<>();
        for (StoredImage i : store().all()) {
            out.add(new ImageSummary(i.id(), "", List.of(i.name()), List.of(), epochSeconds(i.created()), i.size(), 0,
                    i.size(), Map.of(), -1, TYPE));
        }
        return out;
    }

    @Override
    public Optional<String> imageId(String name) {
        return store().find(name).map(StoredImage::id);
    }

    @Override
    public ImageDetails inspect(String image) {
        StoredImage i = require(image);
        EmbeddedManifest m = manifestOf(i);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Env", m.config().env());
        config.put("Entrypoint", m.config().entrypoint());
        config.put("WorkingDir", m.config().workdir());
        return new ImageDetails(i.id(), List.of(i.name()), List.of(), "", "", i.created(), "", config, "", "linux",
                i.size(), null, null, new ImageDetails.Metadata(i.loaded()), TYPE, null, rawManifest(i));
    }

    @Override
    public List<ImageDeleted> remove(String image, boolean force) {
        StoredImage i = require(image);
        store().remove(i);
        return List.of(new ImageDeleted(i.name(), null), new ImageDeleted(null, i.id()));
    }

    /** ENV merged, ENTRYPOINT and WORKDIR used when the request has none (the kernel's merge rules). */
    @Override
    public ImageConfig mergeConfig(String image) {
        EmbeddedManifest.Config c = manifestOf(require(image)).config();
        List<String> entrypoint = c.entrypoint() == null || c.entrypoint().isEmpty() ? null : c.entrypoint();
        return new ImageConfig(c.env(), entrypoint, null, c.workdir(), null, null, null);
    }

    // ---- container rootfs ----

    /**
     * Checks again that the image's layers are there and in place (they live outside the engine) and writes the
     * container's mount plan.
     */
    @Override
    public String prepareRootfs(RootfsRequest request) {
        StoredImage image = require(request.image());
        Path manifest = Path.of(image.manifestPath());
        ManifestRules.Checked checked = ManifestRules.check(manifestOf(image), manifest, false);
        try {
            layers().prepare(request.containerId(), checked.layers());
        } catch (IOException e) {
            layers().remove(request.containerId());
            throw EngineException.internal("cannot prepare the rootfs of container " + request.containerId() + ": "
                    + e.getMessage(), e);
        }
        return image.mountString();
    }

    @Override
    public Path mountRootfs(RootfsRequest request) {
        return layers().mount(request.containerId());
    }

    @Override
    public List<ImageMount> containerMounts(RootfsRequest request) {
        return layers().mounts(request.containerId());
    }

    @Override
    public void unmountRootfs(RootfsRequest request) {
        layers().unmount(request.containerId());
    }

    @Override
    public void removeRootfs(RootfsRequest request) {
        layers().remove(request.containerId());
    }

    @Override
    public void removeBrokenRootfs(Set<String> knownContainerIds) {
        try {
            layers().removeUnknown(knownContainerIds);
        } catch (IOException e) {
            throw EngineException.internal("cannot clean embedded container folders: " + e.getMessage(), e);
        }
    }

    // ---- helpers ----

    private StoredImage require(String ref) {
        return store().find(ref).orElseThrow(() -> EngineException.notFound("No such image:" + ref));
    }

    private EmbeddedManifest manifestOf(StoredImage image) {
        return parse(image.manifest().getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, Object> rawManifest(StoredImage image) {
        try {
            return json.readValue(image.manifest(), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw EngineException.internal("the stored manifest of " + image.name() + " is unreadable", e);
        }
    }

    private static long epochSeconds(String rfc3339) {
        try {
            return OffsetDateTime.parse(rfc3339).toEpochSecond();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private ImageStore store() {
        ImageStore s = images;
        if (s == null) {
            throw EngineException.unavailable("image type embedded is not initialised");
        }
        return s;
    }

    private ContainerLayers layers() {
        ContainerLayers c = containers;
        if (c == null) {
            throw EngineException.unavailable("image type embedded is not initialised");
        }
        return c;
    }
}
