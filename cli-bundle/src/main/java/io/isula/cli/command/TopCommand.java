package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.CliFailure;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.ParsedArgs;
import io.isula.cli.format.TabWriter;
import io.isula.core.api.ContainerDetails;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.ProcessList;

import java.util.List;

/** {@code isula top CONTAINER [ps OPTIONS]}: the container's processes as the host's ps shows them. */
public final class TopCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.withCommand("top", "[OPTIONS] CONTAINER [ps OPTIONS]",
            "Display the running processes of a container", "CONTAINER", 1);

    String container;
    String psArgs;

    public TopCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        List<String> p = args.positionals();
        container = p.get(0);
        psArgs = p.size() > 1 ? String.join(" ", p.subList(1, p.size())) : null;
    }

    @Override
    public int call() {
        ContainerEngine engine = engine();
        ContainerDetails c = engine.inspect(container);
        if (c.state() != null && c.state().status() != ContainerStatus.RUNNING
                && c.state().status() != ContainerStatus.PAUSED) {
            throw new CliFailure(ExitCodes.COMMON, "You cannot attach to a stopped container, start it first");
        }
        ProcessList list = engine.top(container, psArgs);
        TabWriter table = new TabWriter();
        table.line(String.join("\t", list.titles()));
        for (List<String> row : list.processes()) {
            table.line(String.join("\t", row));
        }
        out().print(table.render());
        return ExitCodes.OK;
    }
}
