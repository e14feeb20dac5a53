package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ClientBuild;
import io.isula.cli.ExitCodes;
import io.isula.cli.format.VersionFormat;
import io.isula.core.api.VersionInfo;
import picocli.CommandLine.Command;

/** {@code isula version}: the client block, then the server's (the client block is printed even if the daemon is down). */
@Command(name = "version", description = "Display information about isula")
public final class VersionCommand extends EngineCommand {
    private final ClientBuild build;

    public VersionCommand(CliContext ctx, ClientBuild build) {
        super(ctx);
        this.build = build;
    }

    @Override
    public Integer call() {
        out().print(VersionFormat.client(build.version(), build.commit(), build.built()));
        out().flush();
        VersionInfo server = engine().version();
        out().print(VersionFormat.server(server));
        out().flush();
        return ExitCodes.OK;
    }
}
