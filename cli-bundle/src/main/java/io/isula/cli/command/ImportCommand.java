package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.CliFailure;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.ParsedArgs;
import io.isula.cli.http.HttpImageEngine;
import io.isula.core.api.ImageEngine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code isula import FILE REPOSITORY[:TAG]}: a rootfs tarball becomes a one-layer image; prints its id. */
public final class ImportCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("import", "file REPOSITORY[:TAG]",
            "Import the contents from a tarball to create a filesystem image", 2, 2, "file");

    Path file;
    String reference;

    public ImportCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        file = Path.of(args.positional(0)).toAbsolutePath();
        reference = args.positional(1);
    }

    @Override
    public int call() {
        if (!Files.isRegularFile(file)) {
            throw new CliFailure(ExitCodes.COMMON, "Error: cannot import \"" + file + "\": not a readable file");
        }
        ImageEngine images = images();
        String id;
        if (images instanceof HttpImageEngine http) {
            id = http.importFile(file, reference);
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                id = images.importImage(in, reference);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        out().println(id);
        return ExitCodes.OK;
    }
}
