package io.isula.runtime.shim;

import io.isula.core.util.AtomicFiles;
import io.isula.core.util.ProcessResult;
import io.isula.core.util.Processes;
import io.isula.runtime.shim.task.TaskApi;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        ProcessResult r = Processes.run(cmd, bundle, Map.of("TTRPC_ADDRESS", eventsSocket.toString()), timeout);
        if (!r.ok()) {
            throw new IOException(binary + " start failed (exit code " + r.exitCode() + "): " + r.message());
        }
        ShimAddress address;
        try {
            address = ShimAddress.parse(r.stdout());
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
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(bundle.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("TTRPC_ADDRESS", eventsSocket.toString());
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(binary + " delete did not finish within " + timeout.toSeconds() + "s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + binary + " delete", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(binary + " delete failed with exit code " + p.exitValue());
        }
        return TaskApi.DeleteResponse.decode(out.toByteArray());
    }
}
