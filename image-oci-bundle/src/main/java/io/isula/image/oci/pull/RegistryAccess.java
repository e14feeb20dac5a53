package io.isula.image.oci.pull;

import io.isula.core.api.EngineException;
import io.isula.core.api.ProgressUpdate;
import io.isula.core.api.RegistryAuth;
import io.isula.image.oci.auth.CredentialStore;
import io.isula.image.oci.auth.Credentials;
import io.isula.image.oci.model.ImageReference;
import io.isula.image.oci.model.Platform;
import io.isula.image.oci.registry.RegistryClient;
import io.isula.image.oci.registry.RegistrySettings;
import io.isula.image.oci.store.OciStore;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** The registry side of the oci image type: pull, login, logout, with the daemon-side credential store. */
public final class RegistryAccess implements AutoCloseable {
    /** Layers downloaded at once per daemon (Docker's default is 3 per pull). */
    private static final int PARALLEL_LAYERS = 3;

    private final CredentialStore credentials;
    private final RegistryClient client;
    private final ExecutorService downloads;
    private final ImagePuller puller;

    public RegistryAccess(RegistrySettings settings, Path defaultAuthsDir, OciStore store) {
        this.credentials = new CredentialStore(settings.authsDirOr(defaultAuthsDir));
        this.client = new RegistryClient(settings, credentials);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(PARALLEL_LAYERS, PARALLEL_LAYERS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "isula-pull-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.downloads = pool;
        this.puller = new ImagePuller(client, store, downloads, Platform.host());
    }

    public String pull(String reference, RegistryAuth auth, Consumer<ProgressUpdate> progress) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(reference);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
        Credentials given = auth == null || auth.username() == null || auth.username().isEmpty() ? null
                : new Credentials(auth.username(), auth.password());
        return puller.pull(ref, given, progress);
    }

    public String login(RegistryAuth auth) {
        if (auth.username() == null || auth.username().isEmpty() || auth.password() == null || auth.password().isEmpty()) {
            throw EngineException.invalid("login needs a username and a password");
        }
        String server = client.checkLogin(auth.serverAddress(), auth.username(), auth.password());
        credentials.save(server, auth.username(), auth.password());
        return "Login Succeeded";
    }

    public void logout(String server) {
        credentials.remove(server);
    }

    @Override
    public void close() {
        downloads.shutdownNow();
        client.close();
    }
}
