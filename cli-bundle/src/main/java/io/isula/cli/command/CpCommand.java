package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.CliFailure;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.ParsedArgs;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.EngineException;
import io.isula.core.api.PathStat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code isula cp CONTAINER:SRC DEST} and {@code isula cp SRC CONTAINER:DEST}, with Docker's rules: a destination
 * directory that exists receives the source under its own name; one that does not is the new name of the copy;
 * {@code SRC/.} copies a directory's contents. The container's side is resolved by the daemon inside the container's
 * root; this side never writes through a link the archive planted.
 */
public final class CpCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("cp",
            "[OPTIONS] CONTAINER:SRC_PATH DEST_PATH\n\tisula cp [OPTIONS] SRC_PATH CONTAINER:DEST_PATH",
            "Copy files/folders between a container and the local filesystem", 2, 2, "SRC_PATH DEST_PATH");

    String source;
    String destination;

    public CpCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        source = args.positional(0);
        destination = args.positional(1);
    }

    /** {@code CONTAINER:PATH}, or null for a local path (absolute and ./-relative paths are local, as Docker). */
    static String[] split(String arg) {
        if (arg.startsWith("/") || arg.startsWith(".")) {
            return null;
        }
        int colon = arg.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        return new String[] {arg.substring(0, colon), arg.substring(colon + 1)};
    }

    @Override
    public int call() {
        String[] from = split(source);
        String[] to = split(destination);
        if (from != null && to != null) {
            throw new CliFailure(ExitCodes.COMMON, "copying between containers is not supported");
        }
        if (from == null && to == null) {
            throw new CliFailure(ExitCodes.COMMON, "must specify at least one container source");
        }
        try {
            if (from != null) {
                fromContainer(engine(), from[0], from[1].isEmpty() ? "/" : from[1], destination);
            } else {
                toContainer(engine(), source, to[0], to[1].isEmpty() ? "/" : to[1]);
            }
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.COMMON, "Error: " + e.getMessage());
        }
        return ExitCodes.OK;
    }

    private void fromContainer(ContainerEngine engine, String ref, String src, String dst) throws IOException {
        PathStat stat = stat(engine, ref, src);
        boolean contentsOnly = src.equals(".") || src.endsWith("/.");
        Path dest = Path.of(dst);
        boolean destExists = LocalFiles.exists(dest);
        boolean destIsDir = LocalFiles.isDirectoryFollowing(dest);
        Path into;
        String rename = null;
        if (stat.isDirectory()) {
            if (destExists && !destIsDir) {
                throw new CliFailure(ExitCodes.COMMON, "cannot copy a directory to a file: " + dst);
            }
            if (destIsDir) {
                into = dest;
                if (contentsOnly) {
                    rename = ".";
                }
            } else {
                into = parentOf(dest, dst);
                rename = dest.getFileName().toString();
            }
        } else if (destIsDir) {
            into = dest;
        } else {
            if (dst.endsWith("/")) {
                throw new CliFailure(ExitCodes.COMMON, "no such directory: " + dst);
            }
            into = parentOf(dest, dst);
            rename = dest.getFileName().toString();
        }
        String root = contentsOnly ? "." : stat.name();
        String renameTo = rename;
        stream(out -> engine.archive(ref, src, out), in -> LocalFiles.extract(in, into, renameTo == null ? null : root,
                renameTo));
    }

    private void toContainer(ContainerEngine engine, String src, String ref, String dst) throws IOException {
        Path source = Path.of(src);
        LocalFiles.requireExists(source, src);
        boolean contentsOnly = src.equals(".") || src.endsWith("/.");
        boolean sourceIsDir = Files.isDirectory(source, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        PathStat target;
        try {
            target = engine.statPath(ref, dst);
        } catch (EngineException e) {
            if (e.kind() != EngineException.Kind.NOT_FOUND || !engineKnows(engine, ref)) {
                throw e;
            }
            target = null;
        }
        String extractDir;
        String name;
        if (target != null && target.isDirectory()) {
            extractDir = dst;
            name = contentsOnly ? "." : source.toAbsolutePath().normalize().getFileName().toString();
        } else if (target != null) {
            if (sourceIsDir) {
                throw new CliFailure(ExitCodes.COMMON, "cannot copy a directory to a file: " + ref + ":" + dst);
            }
            extractDir = parent(dst);
            name = base(dst);
        } else {
            if (dst.endsWith("/")) {
                throw new CliFailure(ExitCodes.COMMON, "no such directory: " + ref + ":" + dst);
            }
            extractDir = parent(dst);
            name = base(dst);
        }
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        LocalFiles.archive(source, name, tar);
        engine.extract(ref, extractDir, new java.io.ByteArrayInputStream(tar.toByteArray()));
    }

    private static PathStat stat(ContainerEngine engine, String ref, String path) {
        try {
            return engine.statPath(ref, path);
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.NOT_FOUND && engineKnows(engine, ref)) {
                throw new CliFailure(ExitCodes.COMMON, "Error: No such container:path: " + ref + ":" + path);
            }
            throw e;
        }
    }

    /** Whether a not-found was about the path (the container exists) or about the container. */
    private static boolean engineKnows(ContainerEngine engine, String ref) {
        engine.inspect(ref);
        return true;
    }

    private static Path parentOf(Path dest, String given) {
        Path parent = dest.toAbsolutePath().normalize().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new CliFailure(ExitCodes.COMMON, "no such directory: " + (parent == null ? given : parent.toString()));
        }
        return parent;
    }

    private static String parent(String containerPath) {
        String p = containerPath.endsWith("/") && containerPath.length() > 1
                ? containerPath.substring(0, containerPath.length() - 1) : containerPath;
        int slash = p.lastIndexOf('/');
        return slash <= 0 ? "/" : p.substring(0, slash);
    }

    private static String base(String containerPath) {
        String p = containerPath.endsWith("/") && containerPath.length() > 1
                ? containerPath.substring(0, containerPath.length() - 1) : containerPath;
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private interface Producer {
        void write(java.io.OutputStream out) throws IOException;
    }

    private interface Consumer {
        void read(InputStream in) throws IOException;
    }

    /** Runs the producer on its own thread into a pipe the consumer reads. */
    private static void stream(Producer producer, Consumer consumer) throws IOException {
        PipedInputStream in = new PipedInputStream(64 * 1024);
        PipedOutputStream out = new PipedOutputStream(in);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try (out) {
                producer.write(out);
            } catch (IOException e) {
                failure.set(new UncheckedIOException(e));
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "isula-cp");
        t.setDaemon(true);
        t.start();
        try {
            consumer.read(in);
        } catch (IOException | RuntimeException e) {
            in.close(); // the producer may be blocked on a full pipe: let it fail and end
            if (failure.get() != null && !(e instanceof CliFailure)) {
                throw failure.get();
            }
            throw e;
        } finally {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
