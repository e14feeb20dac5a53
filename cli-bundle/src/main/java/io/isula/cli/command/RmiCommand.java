package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.core.api.EngineException;
import io.isula.core.api.ImageEngine;

import java.util.List;

/** {@code isula rmi [-f] IMAGE...}: prints {@code Image "X" removed} for each; a failure does not stop the rest. */
public final class RmiCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("rmi", "[OPTIONS] IMAGE [IMAGE...]",
            "Remove one or more images", 1, -1, "IMAGE",
            Opt.flag('f', "force", "Force removal of the image"));

    boolean force;
    List<String> names;

    public RmiCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        force = args.flag("force");
        names = args.positionals();
    }

    @Override
    public int call() {
        ImageEngine images = images();
        int rc = ExitCodes.OK;
        for (String name : names) {
            try {
                images.removeImage(name, force);
                out().println("Image \"" + name + "\" removed");
            } catch (EngineException e) {
                err().println(Failures.message(e));
                rc = ExitCodes.COMMON;
            }
        }
        return rc;
    }
}
