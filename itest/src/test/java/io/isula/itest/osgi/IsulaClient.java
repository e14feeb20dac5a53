package io.isula.itest.osgi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code isula} client, run as an external process against one daemon socket, the way a user runs
 * it. The command prefix (the distribution's {@code bin/isula}, or {@code java -cp … io.isula.cli.Main}) is
 * chosen on the driver side and handed in as a framework property.
 */
final class IsulaClient {
    /** One finished call. */
    record Run(List<String> command, int code, String out, String err) {
        String describe() {
            return String.join(" ", command) + "\n  exit " + code + "\n  stdout: " + out.strip() + "\n  stderr: "
                    + err.strip();
        }
    }

    private static final long TIMEOUT_SECONDS = 60;

    private final List<String> prefix;
    private final String host;
    private final Path scratch;

    IsulaClient(List<String> prefix, String host, Path scratch) {
        this.prefix = List.copyOf(prefix);
        this.host = host;
        this.scratch = scratch;
    }

    Run run(String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add("-H");
        command.add(host);
        command.addAll(Arrays.asList(args));
        Path out = null;
        Path err = null;
        try {
            Files.createDirectories(scratch);
            out = Files.createTempFile(scratch, "out", ".txt");
            err = Files.createTempFile(scratch, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().remove("ISULAD_HOST");
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s: " + String.join(" ", command)
                        + "\n  stdout so far: " + Files.readString(out, StandardCharsets.UTF_8)
                        + "\n  stderr so far: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Run(List.copyOf(command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** The words after {@code label} on its line of {@code isula info}, e.g. {@code Runtimes:}. */
    static List<String> infoList(Run info, String label) {
        for (String line : info.out().split("\n")) {
            if (line.startsWith(label)) {
                String rest = line.substring(label.length()).strip();
                return rest.isEmpty() ? List.of() : List.of(rest.split("\\s+"));
            }
        }
        throw new AssertionError("no \"" + label + "\" line in isula info:\n" + info.out());
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // scratch files of a test; best effort
            }
        }
    }
}
