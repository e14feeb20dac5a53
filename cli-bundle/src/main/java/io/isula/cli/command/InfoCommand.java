package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.format.InfoFormat;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code isula info}. */
@Command(name = "info", description = "Display system-wide information")
public final class InfoCommand extends EngineCommand {
    public InfoCommand(CliContext ctx) { super(ctx); }

    @Override
    public Integer call() {
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
