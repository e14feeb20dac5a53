package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.CliFailure;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.cli.args.UsageException;
import io.isula.cli.http.HttpImageEngine;
import io.isula.core.api.ImageEngine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code isula load -i FILE [--tag NAME:TAG]}: a docker-archive or OCI-archive tarball. */
public final class LoadCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("load", "[OPTIONS] --input=FILE",
            "Load an image from a tar archive", 0, 0, null,
            Opt.value('i', "input", "Read from a manifest or an archive"),
            Opt.value(Opt.NO_SHORT, "tag", "Name the image NAME:TAG (a single-image docker archive only)"));

    Path input;
    String tag;

    public LoadCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        String file = args.value("input");
        if (file == null || file.isEmpty()) {
            throw new UsageException("Load requires input file path");
        }
        input = Path.of(file).toAbsolutePath();
        tag = args.value("tag");
    }

    @Override
    public int call() {
        if (!Files.isRegularFile(input)) {
            throw new CliFailure(ExitCodes.COMMON, "Error: cannot load \"" + input + "\": not a readable file");
        }
        ImageEngine images = images();
        PullProgress progress = new PullProgress(out(), false);
        List<String> names;
        if (images instanceof HttpImageEngine http) {
            names = http.loadFile(input, tag, progress);
        } else {
            try (InputStream in = Files.newInputStream(input)) {
                names = images.load(in, tag, progress);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        names.forEach(n -> out().println("Loaded image: " + n));
        out().println("Load image from \"" + input + "\" success");
        return ExitCodes.OK;
    }
}
