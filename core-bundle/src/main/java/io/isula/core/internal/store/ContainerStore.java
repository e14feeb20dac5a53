package io.isula.core.internal.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.isula.core.api.EngineException;
import io.isula.core.api.HostConfig;
import io.isula.core.util.AtomicFiles;
import io.isula.core.util.FileTrees;
import java.lang.System.Logger.Level;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The containers, in memory and on disk in iSulad's layout ({@code <graph>/engines/<runtime>/<id>/}):
 * config.v2.json, hostconfig.json; every write atomic. Also the name index.
 */
public final class ContainerStore {
    private static final System.Logger LOG = System.getLogger(ContainerStore.class.getName());
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    public static final String CONFIG_V2 = "config.v2.json";
    public static final String HOST_CONFIG = "hostconfig.json";

    private final Path graph;
    private final Path state;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<String, ContainerRecord> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByName = new ConcurrentHashMap<>();

    public ContainerStore(Path graph, Path state) {
        this.graph = graph;
        this.state = state;
    }

    public Path bundleDir(String runtime, String id) { return graph.resolve("engines").resolve(runtime).resolve(id); }

    public Path stateDir(String runtime, String id) { return state.resolve(runtime).resolve(id); }

    public ObjectMapper json() { return json; }

    /** Checks a name and reserves it for {@code id}. */
    public void reserveName(String name, String id) {
        if (name.length() > 128 || !NAME.matcher(name).matches()) {
            throw EngineException.invalid("Invalid container name (" + name
                    + "), only [a-zA-Z0-9][a-zA-Z0-9_.-]+ are allowed");
        }
        String holder = idByName.putIfAbsent(name, id);
        if (holder != null && !holder.equals(id)) {
            throw EngineException.conflict("Conflict. The name \"" + name + "\" is already in use by container "
                    + holder + ". You have to remove (or rename) that container to be able to reuse that name.");
        }
    }

    public void releaseName(String name, String id) {
        idByName.remove(name, id);
    }

    public void add(ContainerRecord record) {
        byId.put(record.id(), record);
    }

    public void remove(ContainerRecord record) {
        byId.remove(record.id());
        idByName.remove(record.name(), record.id());
    }

    public Collection<ContainerRecord> all() { return byId.values(); }

    /** Finds by full id, name, or unique id prefix. */
    public Optional<ContainerRecord> find(String ref) {
        if (ref == null || ref.isEmpty()) {
            return Optional.empty();
        }
        String r = ref.startsWith("/") ? ref.substring(1) : ref;
        if (r.isEmpty()) {
            return Optional.empty();
        }
        ContainerRecord exact = byId.get(r);
        if (exact != null) {
            return Optional.of(exact);
        }
        String byName = idByName.get(r);
        if (byName != null && byId.containsKey(byName)) {
            return Optional.of(byId.get(byName));
        }
        List<ContainerRecord> matches = byId.values().stream().filter(c -> c.id().startsWith(r)).toList();
        if (matches.size() > 1) {
            throw EngineException.invalid("Multiple IDs found with provided prefix: " + ref);
        }
        return matches.stream().findFirst();
    }

    public ContainerRecord require(String ref) {
        return find(ref).orElseThrow(() -> EngineException.notFound("No such container: " + ref));
    }

    public void saveHostConfig(ContainerRecord record) {
        write(record.bundleDir().resolve(HOST_CONFIG), record.hostConfig());
    }

    /**
     * Writes config.v2.json; concurrent saves of one container land in the order their snapshots were taken. A removed
     * container is not written again (a health probe or an OOM report may end after its removal).
     */
    public void save(ContainerRecord record) {
        synchronized (record.saveLock()) {
            if (record.removed()) {
                return;
            }
            write(record.bundleDir().resolve(CONFIG_V2), record.toStored());
        }
    }

    private void write(Path file, Object value) {
        try {
            AtomicFiles.replace(file, json.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A create or remove the daemon did not finish (config.v2.json is written last and removed first). */
    private void discardUnfinished(Path dir) {
        LOG.log(Level.WARNING, "removing {0}: a container folder without config.v2.json (create or remove cut short)", dir);
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove {0}: {1}", dir, e.getMessage());
        }
    }

    /** Loads every container found under {@code engines/}; an unreadable one is logged and left alone. */
    public List<ContainerRecord> load() {
        List<ContainerRecord> loaded = new ArrayList<>();
        Path engines = graph.resolve("engines");
        if (!Files.isDirectory(engines)) {
            return loaded;
        }
        try (DirectoryStream<Path> runtimes = Files.newDirectoryStream(engines, Files::isDirectory)) {
            for (Path runtimeDir : runtimes) {
                try (DirectoryStream<Path> dirs = Files.newDirectoryStream(runtimeDir, Files::isDirectory)) {
                    for (Path dir : dirs) {
                        loadOne(runtimeDir.getFileName().toString(), dir).ifPresent(loaded::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + engines, e);
        }
        return loaded;
    }

    private Optional<ContainerRecord> loadOne(String runtime, Path dir) {
        String id = dir.getFileName().toString();
        if (!ID.matcher(id).matches()) {
            return Optional.empty();
        }
        if (!Files.exists(dir.resolve(CONFIG_V2))) {
            discardUnfinished(dir);
            return Optional.empty();
        }
        try {
            StoredContainer stored = json.readValue(dir.resolve(CONFIG_V2).toFile(), StoredContainer.class);
            HostConfig host = Files.exists(dir.resolve(HOST_CONFIG))
                    ? json.readValue(dir.resolve(HOST_CONFIG).toFile(), HostConfig.class) : HostConfig.empty();
            ContainerRecord record = ContainerRecord.fromStored(stored, host, runtime, dir, stateDir(runtime, id));
            if (!id.equals(record.id())) {
                LOG.log(Level.WARNING, "skipping {0}: its config.v2.json names container {1}", dir, record.id());
                return Optional.empty();
            }
            byId.put(id, record);
            idByName.put(record.name(), id);
            return Optional.of(record);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "skipping container {0}: {1}", dir, e.getMessage());
            return Optional.empty();
        }
    }
}
