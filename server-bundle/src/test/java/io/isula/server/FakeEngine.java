package io.isula.server;

import io.isula.core.api.ContainerConfig;
import io.isula.core.api.ContainerDetails;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.ContainerState;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.ContainerSummary;
import io.isula.core.api.CreateRequest;
import io.isula.core.api.EngineEvent;
import io.isula.core.api.EngineException;
import io.isula.core.api.EngineInfo;
import io.isula.core.api.ImageDeleted;
import io.isula.core.api.ImageDetails;
import io.isula.core.api.ImageEngine;
import io.isula.core.api.ImageSummary;
import io.isula.core.api.ProgressUpdate;
import io.isula.core.api.RegistryAuth;
import io.isula.core.api.ListOptions;
import io.isula.core.api.LogEntry;
import io.isula.core.api.LogOptions;
import io.isula.core.api.LogSink;
import io.isula.core.api.VersionInfo;
import io.isula.core.api.ContainerUpdate;
import io.isula.core.api.Volume;
import io.isula.core.api.VolumesPruned;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** An in-memory engine: containers are records in a map, logs a fixed list, waits controlled by the test. */
final class FakeEngine implements ContainerEngine, ImageEngine {
    static final String VERSION = "9.8.7-fake";

    record Container(String id, String name, ContainerConfig config, ContainerStatus status, int exitCode) {
        Container with(ContainerStatus s) { return new Container(id, name, config, s, exitCode); }
    }

    final Map<String, Container> containers = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<LogEntry> logEntries = new CopyOnWriteArrayList<>();
    final List<Consumer<EngineEvent>> listeners = new CopyOnWriteArrayList<>();
    final CountDownLatch followStopped = new CountDownLatch(1);
    final java.util.concurrent.atomic.AtomicInteger acceptedEntries = new java.util.concurrent.atomic.AtomicInteger();
    volatile ListOptions lastList;
    volatile LogOptions lastLogOptions;
    volatile CountDownLatch awaitGate = new CountDownLatch(0);
    private int next = 1;

    synchronized Container add(String name, ContainerStatus status, boolean tty, int exitCode) {
        String id = String.format("%064x", next++).replace(' ', '0');
        id = "c0ffee" + id.substring(6);
        ContainerConfig config = ContainerConfig.builder().image("busybox").cmd(List.of("sh", "-c", "echo hi")).tty(tty).build();
        Container c = new Container(id, name, config, status, exitCode);
        containers.put(id, c);
        return c;
    }

    Container find(String ref) {
        Container c = containers.get(ref);
        if (c != null) {
            return c;
        }
        List<Container> matches = new ArrayList<>();
        for (Container x : containers.values()) {
            if (x.name().equals(ref)) {
                return x;
            }
            if (x.id().startsWith(ref)) {
                matches.add(x);
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        throw EngineException.notFound("No such container: " + ref);
    }

    @Override
    public String create(CreateRequest request) {
        calls.add("create " + request.name() + " " + request.config().image() + " " + request.hostConfig().runtime());
        if (request.config().image() == null) {
            throw EngineException.invalid("image is required");
        }
        Container c = add(request.name() == null ? "auto" : request.name(), ContainerStatus.INITED, request.config().tty(), 0);
        containers.put(c.id(), new Container(c.id(), c.name(), request.config().withoutHostConfig(), c.status(), 0));
        return c.id();
    }

    @Override
    public void start(String ref) {
        Container c = find(ref);
        calls.add("start " + c.name());
        if (c.status() == ContainerStatus.RUNNING) {
            throw new EngineException(EngineException.Kind.NOT_MODIFIED, "container already started");
        }
        containers.put(c.id(), c.with(ContainerStatus.RUNNING));
    }

    @Override
    public void stop(String ref, int timeoutSeconds) {
        Container c = find(ref);
        calls.add("stop " + c.name() + " " + timeoutSeconds);
        containers.put(c.id(), c.with(ContainerStatus.EXITED));
    }

    @Override
    public void kill(String ref, String signal) {
        Container c = find(ref);
        calls.add("kill " + c.name() + " " + signal);
    }

    @Override
    public void remove(String ref, boolean force, boolean removeVolumes) {
        remove(ref, force);
    }

    @Override
    public void remove(String ref, boolean force) {
        Container c = find(ref);
        calls.add("remove " + c.name() + " " + force);
        containers.remove(c.id());
    }

    @Override
    public List<ContainerSummary> list(ListOptions options) {
        lastList = options;
        List<ContainerSummary> out = new ArrayList<>();
        for (Container c : containers.values()) {
            if (options.all() || c.status() == ContainerStatus.RUNNING) {
                out.add(new ContainerSummary(c.id(), List.of("/" + c.name()), "busybox", "sha256:abc", "sh -c 'echo hi'",
                        1_700_000_000L, c.status(), "Up 2 minutes", List.of(), Map.of(), 42, c.exitCode(), 0,
                        "", "", "runc"));
            }
        }
        return out;
    }

    @Override
    public ContainerDetails inspect(String ref) {
        Container c = find(ref);
        ContainerState state = new ContainerState(c.status(), c.status() == ContainerStatus.RUNNING, false, false, false,
                false, 42, c.exitCode(), "", "2024-01-01T00:00:00Z", "0001-01-01T00:00:00Z");
        return new ContainerDetails(c.id(), "2024-01-01T00:00:00Z", "sh", List.of("-c", "echo hi"), state, "busybox", "oci",
                null, null, null, null, "/" + c.name(), 0, "overlay", "linux", null, null, c.config(), List.of(), Map.of());
    }

    @Override
    public int await(String ref) {
        Container c = find(ref);
        try {
            awaitGate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.internal("interrupted", e);
        }
        return c.exitCode();
    }

    @Override
    public void logs(String ref, LogOptions options, LogSink sink) {
        find(ref);
        lastLogOptions = options;
        for (LogEntry e : logEntries) {
            if (!sink.accept(e)) {
                return;
            }
            acceptedEntries.incrementAndGet();
        }
        if (options.follow()) {
            int n = 0;
            // as the real reader: whatever it has goes out before it waits for more
            while (sink.accept(new LogEntry(LogEntry.Stream.STDOUT, Instant.now(), "tick " + n++ + "\n"))
                    && sink.flush()) {
                try {
                    TimeUnit.MILLISECONDS.sleep(5);
                } catch (InterruptedException e) {
                    break;
                }
            }
            followStopped.countDown();
        }
    }

    @Override
    public EngineInfo info() {
        return new EngineInfo("FAKE:ID", containers.size(), 1, 0, containers.size() - 1, 2, "overlay", "json-file",
                "cgroupfs", "2", "6.1.0", "Debian GNU/Linux 12 (bookworm)", "linux", "x86_64", 2, 4_000_000_000L,
                "testhost", VERSION, "/var/lib/isulad", "", "", "", "runc",
                Map.of("runc", new EngineInfo.RuntimeEntry("runc")), List.of("oci"));
    }

    @Override
    public VersionInfo version() {
        return new VersionInfo(VERSION, "1.0", "1.0", "abc123", "java 17", "linux", "amd64", "6.1.0",
                "2024-01-01T00:00:00Z");
    }

    @Override
    public AutoCloseable subscribe(long sinceEpochNanos, Consumer<EngineEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void publish(String type, String action, String id, Map<String, String> attributes) {
        long now = System.currentTimeMillis();
        EngineEvent e = new EngineEvent(type, action, new EngineEvent.Actor(id, attributes), now / 1000, now * 1_000_000L);
        listeners.forEach(l -> l.accept(e));
    }

    // ---- images: names map to ids; uploads are counted ----
    final Map<String, String> imageIds = new ConcurrentHashMap<>();
    final List<String> imageCalls = new CopyOnWriteArrayList<>();
    volatile RegistryAuth lastAuth;

    @Override
    public List<ImageSummary> images(Map<String, List<String>> filters) {
        imageCalls.add("images " + filters);
        return imageIds.entrySet().stream().map(e -> new ImageSummary(e.getValue(), "", List.of(e.getKey()), List.of(),
                0, 1, -1, 1, Map.of(), -1, "oci")).toList();
    }

    @Override
    public ImageDetails inspectImage(String name) {
        String id = imageIds.get(name);
        if (id == null) {
            throw EngineException.notFound("No such image: " + name);
        }
        return new ImageDetails(id, List.of(name), List.of(), "", "", "", "", Map.of(), "amd64", "linux", 1, null,
                null, null, "oci", null);
    }

    @Override
    public List<ImageDeleted> removeImage(String name, boolean force) {
        imageCalls.add("rmi " + name + " " + force);
        String id = imageIds.remove(name);
        if (id == null) {
            throw EngineException.notFound("No such image: " + name);
        }
        return List.of(ImageDeleted.untagged(name), ImageDeleted.deleted(id));
    }

    @Override
    public void tag(String source, String target) {
        imageCalls.add("tag " + source + " " + target);
        imageIds.put(target, imageIds.get(source));
    }

    @Override
    public String pull(String reference, RegistryAuth auth, Consumer<ProgressUpdate> progress) {
        lastAuth = auth;
        if (reference.contains("missing")) {
            throw EngineException.notFound("manifest unknown: " + reference);
        }
        progress.accept(ProgressUpdate.of("layer1", "Pulling fs layer"));
        progress.accept(new ProgressUpdate("layer1", "Downloading", 5, 10));
        if (reference.contains("broken")) {
            throw EngineException.invalid("digest mismatch for layer1");
        }
        imageIds.put(reference, "sha256:" + "1".repeat(64));
        return "sha256:" + "1".repeat(64);
    }

    @Override
    public List<String> load(InputStream archive, String tag, Consumer<ProgressUpdate> progress) {
        return List.of("bytes:" + drain(archive) + (tag == null ? "" : " tag:" + tag));
    }

    @Override
    public List<String> loadFromPath(String type, String path) {
        if (!"embedded".equals(type)) {
            throw EngineException.unavailable("image type " + type + " is not available");
        }
        if (path.endsWith("bad.manifest")) {
            throw EngineException.invalid("Invalid content in manifest: schema version must be 1");
        }
        imageCalls.add("loadFromPath " + type + " " + path);
        return List.of("test:v1");
    }

    @Override
    public String importImage(InputStream rootfsTar, String reference) {
        return "sha256:" + drain(rootfsTar) + " " + reference;
    }

    @Override
    public void export(String container, OutputStream out) {
        if (!container.equals("web")) {
            throw EngineException.notFound("No such container: " + container);
        }
        try {
            out.write(new byte[3 * 1024 * 1024]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String login(RegistryAuth auth) {
        lastAuth = auth;
        if (!"secret".equals(auth.password())) {
            throw EngineException.unauthorized("unauthorized: incorrect username or password");
        }
        return "Login Succeeded";
    }

    @Override
    public void logout(String server) {
        imageCalls.add("logout " + server);
    }

    private static long drain(InputStream in) {
        try {
            return in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- container configuration (issue 5) ----

    final List<ContainerUpdate> updates = new CopyOnWriteArrayList<>();
    final List<String> volumeNames = new CopyOnWriteArrayList<>();

    @Override
    public void pause(String ref) { calls.add("pause " + find(ref).name()); }

    @Override
    public void unpause(String ref) { calls.add("unpause " + find(ref).name()); }

    @Override
    public void rename(String ref, String newName) { calls.add("rename " + find(ref).name() + " " + newName); }

    @Override
    public List<String> update(String ref, ContainerUpdate update) {
        calls.add("update " + find(ref).name());
        updates.add(update);
        return List.of();
    }

    @Override
    public List<Volume> volumes(Map<String, List<String>> filters) {
        return volumeNames.stream().map(n -> new Volume(n, "local", "/v/" + n + "/_data", "", "local", Map.of())).toList();
    }

    @Override
    public void removeVolume(String name) {
        if (!volumeNames.remove(name)) {
            throw EngineException.notFound("No such volume: " + name);
        }
    }

    volatile Map<String, List<String>> pruneFilters;

    @Override
    public VolumesPruned pruneVolumes(Map<String, List<String>> filters) {
        pruneFilters = filters;
        List<String> all = List.copyOf(volumeNames);
        volumeNames.clear();
        return new VolumesPruned(all, 42);
    }

    // ---- stdio: an attachment echoes its input as stdout; its end ends the stream ----

    @Override
    public io.isula.core.api.StdioStream attach(String ref, io.isula.core.api.AttachOptions options,
                                               io.isula.core.api.StdioSink sink) {
        find(ref);
        calls.add("attach " + ref);
        return new io.isula.core.api.StdioStream() {
            @Override
            public void write(byte[] data, int offset, int length) {
                sink.output(LogEntry.Stream.STDOUT, data, offset, length);
            }

            @Override
            public void closeStdin() {
                sink.closed();
            }

            @Override
            public void resize(int height, int width) {
                calls.add("resize " + height + "x" + width);
            }

            @Override
            public void close() {
                calls.add("detach " + ref);
            }
        };
    }

    @Override
    public io.isula.core.api.ExecDetails execInspect(String execId) {
        return new io.isula.core.api.ExecDetails(execId, "c", false, 127, 0, false, true, true, true, null,
                new io.isula.core.api.ExecDetails.ProcessConfig(false, "nope", List.of(), false, ""));
    }

    @Override
    public io.isula.core.api.StdioStream execStart(String execId, io.isula.core.api.StdioSink sink) {
        throw EngineException.internal("runc exec failed: exec: \"nope\": executable file not found in $PATH", null);
    }
}
