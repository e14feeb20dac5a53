package io.isula.core.internal.registry;

import io.isula.core.api.EngineException;
import io.isula.core.spi.ImageProvider;
import io.isula.core.spi.ProviderContext;
import io.isula.core.spi.RuntimeProvider;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The live provider tables (iSulad's {@code g_bims} and runtime ops table). Fed by DS dynamic references
 * in OSGi and by {@link java.util.ServiceLoader} outside it; each provider is initialised once it joins.
 */
public final class ProviderRegistry {
    /** Image-type lookup order, as iSulad: oci, then external, then embedded; others after. */
    private static final List<String> IMAGE_ORDER = List.of("oci", "external", "embedded");

    /** Told when a provider joins or leaves. */
    public interface Listener {
        void runtimeAdded(RuntimeProvider provider);

        void runtimeRemoved(RuntimeProvider provider);

        void imageTypeAdded(ImageProvider provider);

        void imageTypeRemoved(ImageProvider provider);
    }

    private final List<ImageProvider> images = new CopyOnWriteArrayList<>();
    private final List<RuntimeProvider> runtimes = new CopyOnWriteArrayList<>();
    private final List<Object> pending = new ArrayList<>();
    private volatile ProviderContext context;
    private volatile Listener listener;

    /** Opens the registry: providers that joined before are initialised now, later ones as they come. */
    public void open(ProviderContext providerContext, Listener providerListener) {
        List<Object> waiting;
        synchronized (pending) {
            this.context = providerContext;
            this.listener = providerListener;
            waiting = new ArrayList<>(pending);
            pending.clear();
        }
        waiting.forEach(this::join);
    }

    public void addImageProvider(ImageProvider provider) { admit(provider); }

    public void addRuntimeProvider(RuntimeProvider provider) { admit(provider); }

    private void admit(Object provider) {
        synchronized (pending) {
            if (context == null) {
                pending.add(provider);
                return;
            }
        }
        join(provider);
    }

    private void join(Object provider) {
        if (provider instanceof ImageProvider image) {
            image.init(context);
            images.add(image);
            listener.imageTypeAdded(image);
        } else if (provider instanceof RuntimeProvider runtime) {
            runtime.init(context);
            runtimes.add(runtime);
            listener.runtimeAdded(runtime);
        }
    }

    public void removeImageProvider(ImageProvider provider) {
        synchronized (pending) {
            pending.remove(provider);
        }
        if (images.remove(provider) && listener != null) {
            listener.imageTypeRemoved(provider);
        }
    }

    public void removeRuntimeProvider(RuntimeProvider provider) {
        synchronized (pending) {
            pending.remove(provider);
        }
        if (runtimes.remove(provider) && listener != null) {
            listener.runtimeRemoved(provider);
        }
    }

    /** The provider serving runtime {@code name}: an exact name first, then one whose detect() accepts it. */
    public Optional<RuntimeProvider> runtime(String name) {
        for (RuntimeProvider p : runtimes) {
            if (p.names().contains(name)) {
                return Optional.of(p);
            }
        }
        return runtimes.stream().filter(p -> p.detect(name)).findFirst();
    }

    public RuntimeProvider requireRuntime(String name) {
        return runtime(name).orElseThrow(() -> EngineException.unavailable("runtime " + name + " is not available"));
    }

    public Optional<ImageProvider> imageType(String type) {
        return images.stream().filter(p -> p.type().equals(type)).findFirst();
    }

    public ImageProvider requireImageType(String type) {
        return imageType(type).orElseThrow(() -> EngineException.unavailable("image type " + type + " is not available"));
    }

    /** Image providers in iSulad's lookup order. */
    public List<ImageProvider> imageProviders() {
        List<ImageProvider> ordered = new ArrayList<>(images);
        ordered.sort(Comparator.comparingInt(p -> {
            int i = IMAGE_ORDER.indexOf(p.type());
            return i < 0 ? IMAGE_ORDER.size() : i;
        }));
        return ordered;
    }

    /** The first image type (in lookup order) that detects {@code nameOrPath}. */
    public Optional<ImageProvider> detectImage(String nameOrPath) {
        return imageProviders().stream().filter(p -> p.detect(p.resolveName(nameOrPath))).findFirst();
    }

    public List<RuntimeProvider> runtimeProviders() { return List.copyOf(runtimes); }

    public List<String> imageTypes() {
        return imageProviders().stream().map(ImageProvider::type).toList();
    }
}
