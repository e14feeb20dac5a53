package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.format.InfoFormat;
import io.isula.cli.args.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code isula info}. */
public final class InfoCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("info", "[OPTIONS]", "Display system-wide information", 0, 0, "");

    public InfoCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }


    @Override
    public int call() {
        out().print(InfoFormat.render(engine().info(), InfoFormat.hugetlbPagesize(meminfo())));
        out().flush();
        return ExitCodes.OK;
    }

    private static List<String> meminfo() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo"));
        } catch (IOException e) {
            return List.of();
        }
    }
}
