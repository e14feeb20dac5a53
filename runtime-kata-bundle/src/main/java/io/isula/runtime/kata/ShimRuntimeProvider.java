package io.isula.runtime.kata;

import io.isula.core.api.EngineException;
import io.isula.core.spi.DelegatingRuntimeProvider;
import io.isula.core.spi.ProviderContext;
import io.isula.core.spi.RuntimeProvider;
import io.isula.runtime.kata.ttrpc.TtrpcServer;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Kata Containers and every containerd shim v2 runtime ({@code io.containerd.<name>.<version>}, e.g.
 * {@code io.containerd.kata.v2}, {@code io.containerd.runc.v2}): one shim process per container, driven over ttrpc.
 * The shims own the containers: they keep running while this provider is away and are found again through
 * {@code <bundle>/address}. Each daemon uses its own shim namespace (derived from its state directory), so it never
 * touches shims of containerd or of another daemon.
 */
@Component(service = RuntimeProvider.class, property = "isula.runtime.name=kata")
public final class ShimRuntimeProvider extends DelegatingRuntimeProvider implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ShimRuntimeProvider.class.getName());
    /** Deadline of every Task call but Wait, and of the shim's start and delete actions (Kata boots a VM). */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Path RUNC_SHIM_STATE = Path.of("/run/containerd/runc");

    private volatile ShimContainers containers;
    private volatile TtrpcServer events;
    private volatile ShimThreads threads;
    private volatile Map<String, String> found = Map.of();
    private volatile String namespace;

    public ShimRuntimeProvider() {
    }

    @Override
    public String name() {
        return ShimTable.KATA;
    }

    @Override
    public Set<String> names() {
        return found.keySet();
    }

    @Override
    public boolean detect(String runtimeName) {
        return ShimTable.serves(runtimeName);
    }

    @Override
    public String path(String runtimeName) {
        ShimContainers c = containers;
        String b = c == null ? null : c.table().binary(runtimeName);
        return b == null ? runtimeName : b;
    }

    @Override
    public synchronized void init(ProviderContext context) {
        close();
        Path state = context.settings() == null ? null : context.settings().state();
        if (state == null) {
            throw new IllegalArgumentException("the shim v2 runtime needs the daemon's state directory");
        }
        ShimTable table = new ShimTable(context.settings(), System.getenv("PATH"));
        Path socket = state.resolve("shimv2-events.sock");
        ShimThreads t;
        try {
            t = ShimThreads.start();
        } catch (IOException e) {
            throw EngineException.internal("runtime kata cannot start its I/O loop: " + e.getMessage(), e);
        }
        threads = t;
        try {
            events = TtrpcServer.listen(socket, t.loop(), t.workers(), new EventsEndpoint(context)::handle);
        } catch (IOException e) {
            close();
            throw EngineException.internal("runtime kata cannot listen on " + socket + ": " + e.getMessage(), e);
        }
        namespace = namespaceOf(state);
        ShimLauncher launcher = new ShimLauncher(namespace, socket, CALL_TIMEOUT);
        containers = new ShimContainers(table, launcher, context, CALL_TIMEOUT, t);
        found = Map.copyOf(table.found());
        LOG.log(Level.DEBUG, "shim v2 runtimes found: {0}", found);
    }

    /** {@code isula-} and 12 hex digits of the state directory's hash: stable across restarts, unique per daemon. */
    static String namespaceOf(Path state) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(state.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return "isula-" + HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops reading and waiting; the shims and their containers keep running. */
    @Deactivate
    @Override
    public synchronized void close() {
        ShimContainers c = containers;
        found = Map.of();
        if (c != null) {
            // reachable while it closes: a start after a create under way finds the container or its undoing
            c.close();
        }
        containers = null;
        TtrpcServer e = events;
        events = null;
        if (e != null) {
            e.close();
        }
        ShimThreads t = threads;
        threads = null;
        if (t != null) {
            t.close();
        }
        String ns = namespace;
        if (ns != null) {
            // containerd-shim-runc-v2 keeps runc's state in a folder per namespace: gone with the last container
            try {
                Files.deleteIfExists(RUNC_SHIM_STATE.resolve(ns));
            } catch (IOException stillInUse) {
                // containers still run there
            }
        }
    }

    @Override
    protected RuntimeProvider delegate() {
        ShimContainers c = containers;
        if (c == null) {
            throw EngineException.unavailable(
                    "runtime kata is not available: its provider is stopped or was never initialised");
        }
        return c;
    }
}
