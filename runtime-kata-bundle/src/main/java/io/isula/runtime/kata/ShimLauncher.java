package io.isula.runtime.kata;

import io.isula.core.util.AtomicFiles;
import io.isula.runtime.kata.task.TaskApi;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a shim binary's actions: {@code start} (in the bundle, stdin /dev/null, with the events socket in
 * {@code TTRPC_ADDRESS}) prints the Task service's address; {@code delete} cleans up after a dead shim and prints a
 * DeleteResponse.
 */
final class ShimLauncher {
    private final String namespace;
    private final Path eventsSocket;
    private final Duration timeout;

    ShimLauncher(String namespace, Path eventsSocket, Duration timeout) {
        this.namespace = namespace;
        this.eventsSocket = eventsSocket;
        this.timeout = timeout;
    }

    String namespace() {
        return namespace;
    }

    private List<String> command(String binary, String id) {
        return new ArrayList<>(List.of(binary, "-namespace", namespace, "-address", "unix://" + eventsSocket,
                "-publish-binary", "/bin/true", "-id", id));
    }

    /** Starts the shim of container {@code id}; its {@code <bundle>/log} FIFO must be read already. */
    ShimAddress start(String binary, String id, Path bundle) throws IOException {
        List<String> cmd = command(binary, id);
        cmd.add("start");
        Finished r = run(cmd, bundle);
        if (r.exitCode() != 0) {
            String why = new String(r.stderr().length > 0 ? r.stderr() : r.stdout(), StandardCharsets.UTF_8).strip();
            throw new IOException(binary + " start failed (exit code " + r.exitCode() + "): " + why);
        }
        ShimAddress address;
        try {
            address = ShimAddress.parse(new String(r.stdout(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(binary + " start: " + e.getMessage());
        }
        Path file = bundle.resolve("address");
        if (!Files.exists(file) || !ShimAddress.parse(Files.readString(file)).equals(address)) {
            AtomicFiles.replace(file, address.uri());
        }
        return address;
    }

    /** The shim's {@code delete} action for a shim that is gone: it force-deletes the container and reports its end. */
    TaskApi.DeleteResponse delete(String binary, String id, Path bundle) throws IOException {
        List<String> cmd = command(binary, id);
        cmd.add("-bundle");
        cmd.add(bundle.toString());
        cmd.add("delete");
        Finished r = run(cmd, bundle);
        if (r.exitCode() != 0) {
            throw new IOException(binary + " delete failed with exit code " + r.exitCode() + ": "
                    + new String(r.stderr(), StandardCharsets.UTF_8).strip());
        }
        return TaskApi.DeleteResponse.decode(r.stdout());
    }

    record Finished(int exitCode, byte[] stdout, byte[] stderr) {
    }

    /**
     * Runs a shim action (stdin /dev/null, cwd the bundle) and waits for its exit without polling; what it printed is
     * in the pipes by then. A daemon it leaves behind may inherit the pipes, so they are not read to their end.
     */
    private Finished run(List<String> cmd, Path bundle) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(bundle.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("TTRPC_ADDRESS", eventsSocket.toString());
        Process p = pb.start();
        try (InputStream out = p.getInputStream(); InputStream err = p.getErrorStream()) {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " " + cmd.get(cmd.size() - 1) + " did not finish within "
                        + timeout.toSeconds() + "s");
            }
            return new Finished(p.exitValue(), available(out), available(err));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + cmd.get(0), e);
        }
    }

    private static byte[] available(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while (in.available() > 0 && (n = in.read(buf, 0, Math.min(buf.length, in.available()))) > 0) {
            b.write(buf, 0, n);
        }
        return b.toByteArray();
    }
}
