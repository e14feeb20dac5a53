package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.ParsedArgs;
import io.isula.cli.terminal.Tty;
import io.isula.cli.ExitCodes;
import io.isula.core.api.ImageEngine;

import java.io.PrintStream;

/** {@code isula pull NAME[:TAG|@DIGEST]}: progress bars on a terminal, plain lines otherwise. */
public final class PullCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("pull", "[OPTIONS] NAME[:TAG|@DIGEST]",
            "Pull an image or a repository from a registry", 1, 1, "NAME");

    String image;

    public PullCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) { image = args.positional(0); }

    @Override
    public int call() {
        pull(images(), image, out());
        return ExitCodes.OK;
    }

    /** Pulls with progress on {@code out}; also what {@code run --pull} uses. */
    static String pull(ImageEngine images, String image, PrintStream out) {
        out.println("Image \"" + image + "\" pulling");
        out.flush();
        String id = images.pull(image, null, new PullProgress(out, Tty.stdout()));
        out.println("Image \"" + image + "\" pulled");
        out.flush();
        return id;
    }
}
