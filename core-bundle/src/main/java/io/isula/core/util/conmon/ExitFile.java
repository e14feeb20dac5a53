package io.isula.core.util.conmon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/** conmon's {@code <exit-dir>/<id>}: the decimal exit code (128+N after signal N); its mtime is the exit time. */
public final class ExitFile {
    private ExitFile() {
    }

    /**
     * The exit, or empty when the file does not exist or has no content yet.
     *
     * @throws IllegalArgumentException when the content is not an exit code
     */
    public static Optional<ContainerExit> read(Path file) throws IOException {
        try {
            byte[] content = Files.readAllBytes(file);
            OptionalInt code = parse(new String(content, StandardCharsets.US_ASCII));
            if (code.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ContainerExit(code.getAsInt(), Files.getLastModifiedTime(file).toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Empty for blank content (conmon has not written it yet). */
    public static OptionalInt parse(String content) {
        String s = content.strip();
        if (s.isEmpty()) {
            return OptionalInt.empty();
        }
        if (s.length() > 11 || !s.matches("-?\\d+")) {
            throw new IllegalArgumentException("not an exit code: '" + abbreviate(s) + "'");
        }
        try {
            return OptionalInt.of(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an exit code: '" + s + "'", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
