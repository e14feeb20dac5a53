package io.isula.core.util;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short-lived command to completion with a deadline, stdin from /dev/null, output captured.
 *
 * <p>stdout and stderr go to two private temporary files (mode 0600, removed afterwards) rather than pipes: no
 * thread has to drain them while the command runs, so a call costs the caller's thread only (plus the JDK's
 * reaper), and a grandchild that keeps the output open cannot make the call outlive its deadline.
 */
public final class Processes {
    private static final File DEV_NULL = new File("/dev/null");

    private Processes() {
    }

    public static ProcessResult run(List<String> command, Duration timeout) throws IOException {
        return run(command, null, Map.of(), timeout);
    }

    public static ProcessResult run(List<String> command, Path workDir, Map<String, String> env, Duration timeout)
            throws IOException {
        Path out = Files.createTempFile("isula-out-", ".tmp");
        Path err = null;
        try {
            err = Files.createTempFile("isula-err-", ".tmp");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                    .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()))
                    .redirectError(ProcessBuilder.Redirect.to(err.toFile()));
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            if (!env.isEmpty()) {
                pb.environment().putAll(env);
            }
            Process p = pb.start();
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    p.waitFor();
                    throw new IOException(command.get(0) + " did not finish within " + timeout.toSeconds() + "s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + command.get(0), e);
            }
            return new ProcessResult(p.exitValue(), text(out), text(err));
        } finally {
            Files.deleteIfExists(out);
            if (err != null) {
                Files.deleteIfExists(err);
            }
        }
    }

    private static String text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
