package io.isula.core.util.conmon;

import java.lang.System.Logger.Level;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Watches conmon's exit dirs (inotify through the JDK's WatchService) on one daemon thread and reports each
 * watched container's exit exactly once. Per container it keeps one path in a set: no thread, no open file.
 * Exit files of containers nobody watches (not yet restored) stay on disk for {@link #check} to find.
 */
public final class ExitWatcher implements AutoCloseable {
    public interface Listener {
        void exited(String containerId, ContainerExit exit);
    }

    private static final System.Logger LOG = System.getLogger(ExitWatcher.class.getName());
    /** How often files that existed but were still empty are looked at again (a backstop; MODIFY events come too). */
    private static final long RECHECK_MILLIS = 500;

    private final WatchService service;
    private final Map<WatchKey, Path> dirs = new ConcurrentHashMap<>();
    private final Set<Path> watched = ConcurrentHashMap.newKeySet();
    private final Set<Path> empty = ConcurrentHashMap.newKeySet();
    private final Listener listener;
    private final Thread thread;

    public ExitWatcher(Collection<Path> exitDirs, Listener listener) throws IOException {
        this.listener = listener;
        this.service = FileSystems.getDefault().newWatchService();
        try {
            for (Path dir : exitDirs) {
                Files.createDirectories(dir);
                WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
                dirs.put(key, dir);
            }
        } catch (IOException | RuntimeException e) {
            service.close();
            throw e;
        }
        this.thread = new Thread(this::loop, "isula-conmon-exit-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Report the exit of the container whose conmon writes {@code exitFile}. */
    public void watch(Path exitFile) {
        watched.add(exitFile);
    }

    public void unwatch(Path exitFile) {
        watched.remove(exitFile);
        empty.remove(exitFile);
    }

    /**
     * Looks at the exit file now: when it holds an exit code, returns it, and reports it if the file is still
     * watched (so the report happens once, whoever sees the file first).
     */
    public Optional<ContainerExit> check(Path exitFile) {
        Optional<ContainerExit> exit;
        try {
            exit = ExitFile.read(exitFile);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot read exit file {0}: {1}", exitFile, e.toString());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "exit file {0}: {1}; reporting exit code -1", exitFile, e.getMessage());
            exit = Optional.of(new ContainerExit(-1, java.time.Instant.now()));
        }
        if (exit.isEmpty()) {
            if (Files.exists(exitFile) && watched.contains(exitFile)) {
                empty.add(exitFile);
            }
            return exit;
        }
        empty.remove(exitFile);
        if (watched.remove(exitFile)) {
            report(exitFile.getFileName().toString(), exit.get());
        }
        return exit;
    }

    private void report(String id, ContainerExit exit) {
        try {
            listener.exited(id, exit);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "exit handler failed for container " + id + " (exit code " + exit.code() + ")", e);
        }
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = service.poll(RECHECK_MILLIS, TimeUnit.MILLISECONDS);
                if (key != null) {
                    handle(key);
                }
                for (Path f : empty) {
                    check(f);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: the provider is going away
        }
    }

    private void handle(WatchKey key) {
        Path dir = dirs.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                LOG.log(Level.DEBUG, "exit watcher overflow; looking at every watched container");
                watched.forEach(this::check);
            } else if (dir != null && event.context() instanceof Path name) {
                Path f = dir.resolve(name);
                if (watched.contains(f)) {
                    check(f);
                }
            }
        }
        if (!key.reset()) {
            LOG.log(Level.WARNING, "exit dir {0} is no longer watched (removed?)", dir);
            dirs.remove(key);
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the exit watcher", e);
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
