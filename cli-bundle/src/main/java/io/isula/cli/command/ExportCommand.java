package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.CliFailure;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.cli.terminal.Tty;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@code isula export [-o FILE] CONTAINER}: the container's root file system as a tar, to FILE or stdout. */
public final class ExportCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("export", "[OPTIONS] CONTAINER",
            "export container", 1, 1, "CONTAINER",
            Opt.value('o', "output", "Write to a file, instead of STDOUT"));

    String container;
    Path output;

    public ExportCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        container = args.positional(0);
        String o = args.value("output");
        output = o == null || o.isEmpty() ? null : Path.of(o).toAbsolutePath();
    }

    @Override
    public int call() {
        if (output == null) {
            if (Tty.stdout()) {
                throw new CliFailure(ExitCodes.COMMON,
                        "Error: cowardly refusing to save to a terminal. Use the -o flag or redirect");
            }
            images().export(container, out());
            out().flush();
            return ExitCodes.OK;
        }
        // written next to the destination and renamed, so a failed export leaves no half-written file
        Path partial = output.resolveSibling("." + output.getFileName() + ".partial");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 256 * 1024)) {
                images().export(container, out);
            }
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // nothing more to undo
            }
        }
        return ExitCodes.OK;
    }
}
