package io.isula.cli.command;

import picocli.CommandLine.Option;

/** The options every iSulad subcommand takes. Help is {@code --help} only: {@code -h} is create's hostname. */
public final class CommonOptions {
    @Option(names = {"-H", "--host"}, paramLabel = "HOST", description = "Daemon socket to connect to (unix:///path)")
    String host;

    @Option(names = {"-D", "--debug"}, description = "Enable debug mode")
    boolean debug;

    @Option(names = "--help", usageHelp = true, description = "Show this help")
    boolean help;

    public String host() { return host; }

    public void host(String h) { host = h; }
}
