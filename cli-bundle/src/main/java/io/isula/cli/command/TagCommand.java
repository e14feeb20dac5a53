package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.ParsedArgs;

/** {@code isula tag SOURCE[:TAG] TARGET[:TAG]}. */
public final class TagCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("tag", "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
            "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE", 2, 2, "SOURCE_IMAGE");

    String source;
    String target;

    public TagCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        source = args.positional(0);
        target = args.positional(1);
    }

    @Override
    public int call() {
        images().tag(source, target);
        return ExitCodes.OK;
    }
}
