package io.isula.core.internal.image;

import io.isula.core.api.EngineException;
import io.isula.core.api.ImageDeleted;
import io.isula.core.api.ImageDetails;
import io.isula.core.api.ImageEngine;
import io.isula.core.api.ImageHistoryItem;
import io.isula.core.api.ImageSummary;
import io.isula.core.api.ImagesPruned;
import io.isula.core.api.ProgressUpdate;
import io.isula.core.api.RegistryAuth;
import io.isula.core.internal.events.EventBus;
import io.isula.core.internal.prune.PruneFilter;
import io.isula.core.internal.registry.ProviderRegistry;
import io.isula.core.spi.ImageProvider;
import io.isula.core.util.FileTrees;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The image use cases over every image type: dispatch by name in iSulad's order (oci, external, embedded),
 * the kernel's own rules (an image a container uses is not removed), events, and spooling of uploaded archives.
 */
public final class ImageUseCases implements ImageEngine {
    private static final System.Logger LOG = System.getLogger(ImageUseCases.class.getName());

    /** Who uses an image: the kernel's containers, asked by image type and image id. */
    public interface ImageUsers {
        /** Names of the containers of {@code imageType} created from image {@code imageId}; running ones flagged. */
        List<ImageUser> of(String imageType, String imageId);

        /** Writes the container's rootfs (the kernel mounts it as needed). */
        void export(String container, OutputStream out);
    }

    public record ImageUser(String container, boolean running) {
    }

    private final ProviderRegistry registry;
    private final ImageUsers users;
    private final EventBus events;
    private final Path tmpDir;

    public ImageUseCases(ProviderRegistry registry, ImageUsers users, EventBus events, Path graph) {
        this.registry = registry;
        this.users = users;
        this.events = events;
        this.tmpDir = graph.resolve("isulad_tmpdir");
        try {
            FileTrees.delete(tmpDir);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot clear " + tmpDir + ": " + e.getMessage());
        }
    }

    @Override
    public List<ImageSummary> images(Map<String, List<String>> filters) {
        ImageFilter filter = ImageFilter.of(filters == null ? Map.of() : filters);
        List<ImageSummary> all = new ArrayList<>();
        for (ImageProvider provider : registry.imageProviders()) {
            all.addAll(provider.list());
        }
        return filter.apply(all);
    }

    @Override
    public ImageDetails inspectImage(String name) {
        return holder(name).inspect(name);
    }

    @Override
    public List<ImageHistoryItem> imageHistory(String name) {
        return holder(name).history(name);
    }

    @Override
    public List<ImageDeleted> removeImage(String name, boolean force) {
        ImageProvider provider = holder(name);
        String id = provider.imageId(name).orElseThrow(() -> noSuchImage(name));
        if (!mayDeleteImage(provider, name, id)) {
            return untag(provider, name, id, false);
        }
        List<ImageUser> using = users.of(provider.type(), id);
        Optional<ImageUser> running = using.stream().filter(ImageUser::running).findFirst();
        if (running.isPresent()) {
            throw EngineException.conflict("conflict: unable to remove image " + name + " (cannot be forced) - image is "
                    + "being used by running container " + running.get().container());
        }
        if (!using.isEmpty() && !force) {
            throw EngineException.conflict("conflict: unable to remove image " + name + " (must be forced) - image is "
                    + "being used by stopped container " + using.get(0).container());
        }
        return untag(provider, name, id, force);
    }

    /**
     * Whether removing {@code name} may delete the image (so containers matter): not when {@code name} is one of
     * several names of it, which only untags, as Docker.
     */
    private static boolean mayDeleteImage(ImageProvider provider, String name, String id) {
        if (provider.resolveName(name).equals(id)) {
            return true;
        }
        List<String> names = provider.inspect(name).repoTags();
        return names == null || names.size() <= 1;
    }

    private List<ImageDeleted> untag(ImageProvider provider, String name, String id, boolean force) {
        List<ImageDeleted> removed = provider.remove(name, force);
        for (ImageDeleted line : removed) {
            if (line.untagged() != null) {
                events.publish("image", "untag", id, Map.of("name", line.untagged()));
            }
            if (line.deleted() != null) {
                events.publish("image", "delete", line.deleted(), Map.of("name", name));
            }
        }
        return removed;
    }

    @Override
    public ImagesPruned pruneImages(Map<String, List<String>> filters) {
        Map<String, List<String>> given = filters == null ? Map.of() : filters;
        PruneFilter filter = PruneFilter.of(given, Instant.now(), Set.of("dangling"));
        boolean danglingOnly = PruneFilter.flag(given, "dangling", true);
        List<ImageDeleted> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (ImageProvider provider : registry.imageProviders()) {
            long before = provider.storedLayerBytes();
            for (ImageSummary image : provider.list()) {
                boolean dangling = image.repoTags() == null || image.repoTags().isEmpty();
                if ((danglingOnly && !dangling) || !filter.matches(Instant.ofEpochSecond(image.created()), image.labels())
                        || !users.of(provider.type(), image.id()).isEmpty()) {
                    continue;
                }
                try {
                    deleted.addAll(untag(provider, image.id(), image.id(), true));
                } catch (EngineException e) {
                    LOG.log(System.Logger.Level.INFO, "prune: image {0} stays: {1}", image.id(), e.getMessage());
                }
            }
            reclaimed += Math.max(0, before - provider.storedLayerBytes());
        }
        events.publish("image", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
        return new ImagesPruned(deleted, reclaimed);
    }

    @Override
    public void tag(String source, String target) {
        ImageProvider provider = holder(source);
        provider.tag(source, target);
        events.publish("image", "tag", provider.imageId(target).orElse(source), Map.of("name", target));
    }

    @Override
    public String pull(String reference, RegistryAuth auth, Consumer<ProgressUpdate> progress) {
        String id = oci("pull").pull(reference, auth, progress);
        events.publish("image", "pull", id, Map.of("name", reference));
        return id;
    }

    @Override
    public List<String> load(InputStream archive, String tag, Consumer<ProgressUpdate> progress) {
        return spooled(archive, "load", file -> {
            List<String> names = oci("load").load(file, tag, progress);
            names.forEach(n -> events.publish("image", "load", n, Map.of("name", n)));
            return names;
        });
    }

    /** iSulad dispatches a load by its explicit type; the file stays where it is (the manifest is not copied). */
    @Override
    public List<String> loadFromPath(String type, String path) {
        if (path == null || path.isBlank()) {
            throw EngineException.invalid("load needs the path of the file to load");
        }
        ImageProvider provider = registry.requireImageType(type);
        List<String> names = provider.load(Path.of(path), null, update -> { });
        names.forEach(n -> events.publish("image", "load", n, Map.of("name", n)));
        return names;
    }

    @Override
    public String importImage(InputStream rootfsTar, String reference) {
        return spooled(rootfsTar, "import", file -> {
            String id = oci("import").importRootfs(file, reference);
            events.publish("image", "import", id, Map.of("name", reference == null ? "" : reference));
            return id;
        });
    }

    @Override
    public void export(String container, OutputStream out) {
        users.export(container, out);
    }

    @Override
    public String login(RegistryAuth auth) {
        if (auth == null || auth.serverAddress() == null || auth.serverAddress().isBlank()) {
            throw EngineException.invalid("login needs a registry server address");
        }
        return oci("login").login(auth);
    }

    @Override
    public void logout(String server) {
        if (server == null || server.isBlank()) {
            throw EngineException.invalid("logout needs a registry server address");
        }
        oci("logout").logout(server);
    }

    /** The image type holding {@code name}, in iSulad's lookup order. */
    public ImageProvider holder(String name) {
        if (name == null || name.isBlank()) {
            throw EngineException.invalid("image name is required");
        }
        for (ImageProvider provider : registry.imageProviders()) {
            if (provider.imageId(name).isPresent()) {
                return provider;
            }
        }
        throw noSuchImage(name);
    }

    private ImageProvider oci(String operation) {
        return registry.imageType("oci").orElseThrow(() ->
                EngineException.unavailable(operation + " needs image type oci, which is not available"));
    }

    private static EngineException noSuchImage(String name) {
        return EngineException.notFound("No such image: " + name);
    }

    private interface FileUse<T> {
        T apply(Path file);
    }

    /** Copies an upload to a temporary file the image type can read at random, and always deletes it. */
    private <T> T spooled(InputStream upload, String what, FileUse<T> use) {
        Path file = null;
        try {
            Files.createDirectories(tmpDir);
            file = Files.createTempFile(tmpDir, what + "-", ".tar");
            Files.copy(upload, file, StandardCopyOption.REPLACE_EXISTING);
            return use.apply(file);
        } catch (IOException e) {
            throw EngineException.internal("cannot receive the " + what + " archive: " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a leftover in isulad_tmpdir is removed at the next start
                }
            }
        }
    }
}
