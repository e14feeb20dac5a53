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

/**
 * {@code isula load -i FILE [--tag NAME:TAG] [-t docker|embedded]}: a docker-archive or OCI-archive tarball (type
 * docker, the default), or an embedded image's manifest, which the daemon reads where it is.
 */
public final class LoadCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("load", "[OPTIONS] --input=FILE --type=TYPE",
            "load an image from a manifest or a tar archive", 0, 0, null,
            Opt.value('i', "input", "Read from a manifest or an archive"),
            Opt.value(Opt.NO_SHORT, "tag", "Name and optionally a tag in the 'name:tag' format, valid if type is docker"),
            Opt.value('t', "type", "Image type, embedded or docker(default)"));

    Path input;
    String tag;
    String type;

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
        type = args.value("type");
    }

    @Override
    public int call() {
        if (type != null && !type.equals("docker") && !type.equals("embedded")) {
            throw new CliFailure(ExitCodes.COMMON,
                    "Invalid image type: image type must be embedded or docker, got " + type);
        }
        if ("embedded".equals(type)) {
            return loadEmbedded();
        }
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

    /** The manifest stays where it is: the daemon reads it and its layers from this path. */
    private int loadEmbedded() {
        if (tag != null) {
            throw new CliFailure(ExitCodes.COMMON, "Option --tag can be used only when type is docker");
        }
        if (!Files.exists(input)) {
            throw new CliFailure(ExitCodes.COMMON, "File " + input + " is not exist");
        }
        images().loadFromPath("embedded", input.toString());
        out().println("Load image from \"" + input + "\" success");
        return ExitCodes.OK;
    }
}
