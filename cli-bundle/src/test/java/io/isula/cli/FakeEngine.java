package io.isula.cli;

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
import io.isula.core.api.AttachOptions;
import io.isula.core.api.StdioSink;
import io.isula.core.api.StdioStream;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** An engine that records what it was asked; refs in {@link #missing} are "not found". */
final class FakeEngine implements ContainerEngine, ImageEngine {
    final List<String> calls = new ArrayList<>();
    final List<CreateRequest> created = new ArrayList<>();
    final Set<String> missing = new java.util.HashSet<>();
    List<ContainerSummary> rows = List.of();
    ListOptions listed;
    int exitCode = 0;
    RuntimeException createFailure;

    static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private void check(String ref) {
        if (missing.contains(ref)) {
            throw EngineException.notFound("No such container: " + ref);
        }
    }

    @Override
    public String create(CreateRequest request) {
        if (createFailure != null) {
            throw createFailure;
        }
        if (storeRequired && !images.containsKey(request.config().image())) {
            calls.add("create: no image");
            throw EngineException.notFound("No such image: " + request.config().image());
        }
        created.add(request);
        calls.add("create");
        return ID;
    }

    @Override
    public void start(String ref) {
        check(ref);
        calls.add("start " + ref);
        StdioSink sink = attached.remove(ref);
        if (sink != null) {
            byte[] out = "hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] err = "oops\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            sink.output(LogEntry.Stream.STDOUT, out, 0, out.length);
            sink.output(LogEntry.Stream.STDERR, err, 0, err.length);
            sink.closed();
        }
    }

    /** Attachments waiting for their container's start, which plays hello/oops to them and ends them. */
    final Map<String, StdioSink> attached = new java.util.HashMap<>();

    @Override
    public StdioStream attach(String ref, AttachOptions options, StdioSink sink) {
        check(ref);
        calls.add("attach " + ref + " stdin=" + options.stdin());
        attached.put(ref, sink);
        return new StdioStream() {
            @Override
            public void write(byte[] data, int offset, int length) { }

            @Override
            public void closeStdin() { }

            @Override
            public void resize(int height, int width) { }

            @Override
            public void close() { attached.remove(ref); }
        };
    }

    @Override
    public void stop(String ref, int timeoutSeconds) { check(ref); calls.add("stop " + ref + " " + timeoutSeconds); }

    @Override
    public void kill(String ref, String signal) { check(ref); calls.add("kill " + ref + " " + signal); }

    @Override
    public void remove(String ref, boolean force) { check(ref); calls.add("rm " + ref + " " + force); }

    @Override
    public List<ContainerSummary> list(ListOptions options) { listed = options; return rows; }

    @Override
    public ContainerDetails inspect(String ref) {
        check(ref);
        return new ContainerDetails(ID, "2024-01-01T00:00:00Z", "sh", List.of("-c", "true"),
                new ContainerState(ContainerStatus.INITED, false, false, false, false, false, 0, 0, "", "", ""),
                "sha256:abc", "oci", null, null, null, null, "/" + ref, 0, "overlay", "linux", null, null,
                new io.isula.core.api.ContainerConfig("h", null, List.of("A=1", "B=2"), List.of("sh"), null, "busybox",
                        null, Map.of(), false, false, null, null),
                null, null);
    }

    @Override
    public int await(String ref) { check(ref); calls.add("wait " + ref); return exitCode; }

    @Override
    public void logs(String ref, LogOptions options, LogSink sink) {
        check(ref);
        calls.add("logs " + ref + " follow=" + options.follow() + " tail=" + options.tail());
        sink.accept(new LogEntry(LogEntry.Stream.STDOUT, Instant.parse("2024-01-01T00:00:00Z"), "hello\n"));
        sink.accept(new LogEntry(LogEntry.Stream.STDERR, Instant.parse("2024-01-01T00:00:01Z"), "oops\n"));
    }

    @Override
    public EngineInfo info() {
        return new EngineInfo("id", 3, 1, 0, 2, 4, "overlay2", "json-file", "cgroupfs", "2", "6.1.0", "Debian GNU/Linux 12",
                "linux", "x86_64", 8, 16L * 1024 * 1024 * 1024, "host1", "0.1.0", "/var/lib/isulad", "", "", "",
                "runc", Map.of("runc", new EngineInfo.RuntimeEntry("runc"), "lxc", new EngineInfo.RuntimeEntry("lxc")),
                List.of("oci", "external"));
    }

    @Override
    public VersionInfo version() {
        return new VersionInfo("0.1.0", "1.43", "1.24", "abc123", "17", "linux", "amd64", "6.1", "2024-01-01");
    }

    @Override
    public AutoCloseable subscribe(long sinceEpochNanos, Consumer<EngineEvent> listener) { return () -> { }; }

    // ---- images: a name → summary map; create needs its image when storeRequired ----
    final Map<String, ImageSummary> images = new java.util.LinkedHashMap<>();
    boolean storeRequired;

    static ImageSummary image(String id, long created, long size, String... tags) {
        return new ImageSummary(id, "", List.of(tags), List.of(), created, size, -1, size, Map.of(), -1, "oci");
    }

    @Override
    public List<ImageSummary> images(Map<String, List<String>> filters) {
        calls.add("images " + filters);
        return List.copyOf(new java.util.LinkedHashSet<>(images.values()));
    }

    @Override
    public ImageDetails inspectImage(String name) {
        ImageSummary i = images.get(name);
        if (i == null) {
            throw EngineException.notFound("No such image: " + name);
        }
        return new ImageDetails(i.id(), i.repoTags(), List.of(), "", "", "2026-01-02T03:04:05Z", "", Map.of("Cmd", List.of("sh")),
                "amd64", "linux", i.size(), new ImageDetails.RootFs("layers", List.of("sha256:" + "d".repeat(64))), List.of(),
                null, "oci", "t".repeat(64));
    }

    @Override
    public List<ImageDeleted> removeImage(String name, boolean force) {
        calls.add("rmi " + name + " " + force);
        if (images.remove(name) == null) {
            throw EngineException.notFound("No such image: " + name);
        }
        return List.of(ImageDeleted.untagged(name));
    }

    @Override
    public void tag(String source, String target) {
        calls.add("tag " + source + " " + target);
    }

    @Override
    public String pull(String reference, RegistryAuth auth, Consumer<ProgressUpdate> progress) {
        calls.add("pull " + reference);
        progress.accept(ProgressUpdate.of("aaaa", "Pulling fs layer"));
        progress.accept(new ProgressUpdate("aaaa", "Downloading", 10, 100));
        progress.accept(new ProgressUpdate("aaaa", "Downloading", 50, 100));
        progress.accept(ProgressUpdate.of("aaaa", "Pull complete"));
        images.put(reference, image("sha256:" + "e".repeat(64), 0, 10, reference));
        return "sha256:" + "e".repeat(64);
    }

    @Override
    public List<String> load(InputStream archive, String tag, Consumer<ProgressUpdate> progress) {
        calls.add("load " + tag);
        return List.of("busybox:latest");
    }

    @Override
    public List<String> loadFromPath(String type, String path) {
        calls.add("loadFromPath " + type + " " + path);
        return List.of("test:v1");
    }

    @Override
    public String importImage(InputStream rootfsTar, String reference) {
        calls.add("import " + reference);
        return "sha256:" + "f".repeat(64);
    }

    @Override
    public void export(String container, OutputStream out) {
        calls.add("export " + container);
    }

    @Override
    public String login(RegistryAuth auth) {
        calls.add("login " + auth.username() + " " + auth.serverAddress());
        return "Login Succeeded";
    }

    @Override
    public void logout(String server) {
        calls.add("logout " + server);
    }

    // ---- container configuration (issue 5) ----

    final List<ContainerUpdate> updates = new ArrayList<>();
    List<Volume> volumeRows = List.of();

    @Override
    public void remove(String ref, boolean force, boolean removeVolumes) {
        check(ref);
        calls.add("remove " + ref + (force ? " force" : "") + (removeVolumes ? " volumes" : ""));
    }

    @Override
    public void pause(String ref) {
        check(ref);
        calls.add("pause " + ref);
    }

    @Override
    public void unpause(String ref) {
        check(ref);
        calls.add("unpause " + ref);
    }

    @Override
    public void restart(String ref, int timeoutSeconds) {
        check(ref);
        calls.add("restart " + ref + " " + timeoutSeconds);
    }

    @Override
    public void rename(String ref, String newName) {
        check(ref);
        calls.add("rename " + ref + " " + newName);
    }

    @Override
    public List<String> update(String ref, ContainerUpdate update) {
        check(ref);
        calls.add("update " + ref);
        updates.add(update);
        return List.of("careful");
    }

    @Override
    public List<Volume> volumes() {
        calls.add("volumes");
        return volumeRows;
    }

    @Override
    public void removeVolume(String name) {
        if (missing.contains(name)) {
            throw EngineException.notFound("No such volume: " + name);
        }
        calls.add("volume rm " + name);
    }

    @Override
    public List<String> pruneVolumes() {
        calls.add("volume prune");
        return volumeRows.stream().map(Volume::name).toList();
    }
}
