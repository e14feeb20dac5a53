package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one external command to completion with a timeout and captures its output. */
public final class Exec {
    private Exec() {
    }

    public static Result run(List<String> command, Map<String, String> env, Path cwd, Duration timeout) {
        return run(command, env, java.util.Set.of(), cwd, timeout);
    }

    /** As {@link #run(List, Map, Path, Duration)}, removing the variables in {@code unset} from the inherited environment. */
    public static Result run(List<String> command, Map<String, String> env, java.util.Set<String> unset, Path cwd, Duration timeout) {
        return run(command, env, unset, cwd, timeout, null);
    }

    /** As above, with {@code stdin} piped to the command's standard input (null: /dev/null). */
    public static Result run(List<String> command, Map<String, String> env, java.util.Set<String> unset, Path cwd,
                             Duration timeout, byte[] stdin) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("e2e-out", ".txt");
            err = Files.createTempFile("e2e-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            if (stdin != null) {
                pb.redirectInput(ProcessBuilder.Redirect.PIPE);
            }
            if (cwd != null) pb.directory(cwd.toFile());
            pb.environment().keySet().removeAll(unset);
            pb.environment().putAll(env);
            long t0 = System.nanoTime();
            Process p = pb.start();
            if (stdin != null) {
                try (var in = p.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException ignored) {
                    // the command did not read all of its input: its result says what happened
                }
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                fail("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command) + "\n  stdout so far: "
                        + Files.readString(out, StandardCharsets.UTF_8) + "\n  stderr so far: "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            return new Result(List.copyOf(command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), took);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        } finally {
            try {
                if (out != null) Files.deleteIfExists(out);
                if (err != null) Files.deleteIfExists(err);
            } catch (IOException ignored) {
                // temp files; best effort
            }
        }
    }
}
