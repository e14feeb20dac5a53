package io.isula.core.util;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short-lived command to completion with a deadline, stdin from /dev/null, output captured.
 *
 * <p>The calling thread does all the work: it waits for the exit in slices and, between slices, takes whatever the
 * command has written so far, so a command that prints more than a pipe holds still finishes. No drain threads
 * (and no common pool) are involved: the usual short command, which prints little, costs one wait. Once the command
 * has exited only what its pipes hold is read, so a grandchild that inherited them and keeps them open cannot block
 * the call.
 */
public final class Processes {
    private static final File DEV_NULL = new File("/dev/null");
    /** Longest wait between two looks at the pipes of a command still running. */
    private static final long SLICE_MILLIS = 20;

    private Processes() {
    }

    public static ProcessResult run(List<String> command, Duration timeout) throws IOException {
        return run(command, null, Map.of(), timeout);
    }

    public static ProcessResult run(List<String> command, Path workDir, Map<String, String> env, Duration timeout)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        if (!env.isEmpty()) {
            pb.environment().putAll(env);
        }
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (InputStream stdout = p.getInputStream(); InputStream stderr = p.getErrorStream()) {
            long deadline = System.nanoTime() + timeout.toNanos();
            long slice = SLICE_MILLIS;
            while (!p.waitFor(Math.min(slice, remainingMillis(deadline)), TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() - deadline >= 0) {
                    p.destroyForcibly();
                    p.waitFor();
                    throw new IOException(command.get(0) + " did not finish within " + timeout.toSeconds() + "s");
                }
                boolean took = takeAvailable(stdout, out) | takeAvailable(stderr, err);
                slice = took ? 1 : SLICE_MILLIS; // a command printing a lot is kept flowing
            }
            // exited: all it wrote is in the pipes (or already buffered by the JDK's reaper); reading only what is
            // there never waits for a grandchild that inherited the pipes and keeps them open
            takeAvailable(stdout, out);
            takeAvailable(stderr, err);
            return new ProcessResult(p.exitValue(), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        } catch (IOException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    /** Reads what the pipe holds now, without blocking; true when there was something. */
    private static boolean takeAvailable(InputStream in, ByteArrayOutputStream to) throws IOException {
        byte[] buf = null;
        boolean took = false;
        int n;
        while ((n = in.available()) > 0) {
            if (buf == null) {
                buf = new byte[8192];
            }
            int r = in.read(buf, 0, Math.min(n, buf.length));
            if (r < 0) {
                break;
            }
            to.write(buf, 0, r);
            took = true;
        }
        return took;
    }
}
