package io.isula.cli.command;

import io.isula.cli.ClientBuild;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code isula} itself: no command prints the usage; {@code --version} the version line. */
@Command(name = "isula", synopsisSubcommandLabel = "COMMAND",
        description = "A lightweight container engine client (after iSulad).",
        commandListHeading = "%nCOMMANDS:%n")
public final class RootCommand implements Callable<Integer>, CommandLine.IVersionProvider {
    private final ClientBuild build;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "Print version information and quit")
    boolean version;

    public RootCommand(ClientBuild build) { this.build = build; }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Override
    public String[] getVersion() {
        return new String[] {build.versionLine()};
    }
}
