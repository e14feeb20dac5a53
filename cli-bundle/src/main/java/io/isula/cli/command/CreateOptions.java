package io.isula.cli.command;

import io.isula.cli.CliFailure;
import io.isula.cli.ExitCodes;
import io.isula.core.api.ContainerConfig;
import io.isula.core.api.CreateRequest;
import io.isula.core.api.HostConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options {@code create} and {@code run} share (iSulad's CREATE options), then IMAGE and the command. */
public final class CreateOptions {
    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "Name of the container")
    String name;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Username or UID (format: <name|uid>[:<group|gid>])")
    String user;

    @Option(names = "--workdir", paramLabel = "DIR", description = "Working directory inside the container")
    String workdir;

    @Option(names = {"-h", "--hostname"}, paramLabel = "NAME", description = "Container host name")
    String hostname;

    @Option(names = "--entrypoint", paramLabel = "CMD", description = "Entrypoint to run when starting the container")
    String entrypoint;

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Set metadata on the container")
    List<String> labels = new ArrayList<>();

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
    boolean tty;

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
    boolean interactive;

    @Option(names = {"-R", "--runtime"}, paramLabel = "RUNTIME", description = "Runtime to use for containers")
    String runtime;

    @Option(names = "--external-rootfs", paramLabel = "PATH", description = "Absolute path of a rootfs not managed by isulad")
    String externalRootfs;

    @Option(names = "--rm", description = "Automatically remove the container when it exits")
    boolean remove;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image name, or none with --external-rootfs")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments")
    List<String> command = new ArrayList<>();

    /** The request for these options; {@code autoRemove} asks the daemon to remove the container on exit. */
    public CreateRequest toRequest(boolean autoRemove, Map<String, String> clientEnv) {
        HostConfig host = new HostConfig(runtime, autoRemove, rootfs(), null, null);
        ContainerConfig config = ContainerConfig.builder()
                .image(image)
                .cmd(command.isEmpty() ? null : List.copyOf(command))
                .entrypoint(entrypoint == null ? null : List.of(entrypoint))
                .env(env.isEmpty() ? null : env(clientEnv))
                .user(user)
                .workingDir(workdir)
                .hostname(hostname)
                .labels(labels.isEmpty() ? null : labels())
                .tty(tty)
                .openStdin(interactive)
                .hostConfig(host)
                .build();
        return new CreateRequest(name, config);
    }

    public boolean remove() { return remove; }

    /** {@code -e KEY} without a value takes KEY from the client's environment, or is dropped (as Docker). */
    private List<String> env(Map<String, String> clientEnv) {
        List<String> out = new ArrayList<>();
        for (String e : env) {
            if (e.indexOf('=') > 0) {
                out.add(e);
            } else if (e.isEmpty() || e.startsWith("=")) {
                throw new CliFailure(ExitCodes.INVALID, "invalid environment variable: \"" + e + "\"");
            } else if (clientEnv.containsKey(e)) {
                out.add(e + "=" + clientEnv.get(e));
            }
        }
        return out;
    }

    private Map<String, String> labels() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : labels) {
            int eq = l.indexOf('=');
            if (eq == 0 || l.isEmpty()) {
                throw new CliFailure(ExitCodes.INVALID, "invalid label: \"" + l + "\"");
            }
            m.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
        }
        return m;
    }

    /** The client checks the path (absolute, existing) and sends its real path, as iSulad's client does. */
    private String rootfs() {
        if (externalRootfs == null) {
            return null;
        }
        Path p = Path.of(externalRootfs);
        if (!p.isAbsolute()) {
            throw new CliFailure(ExitCodes.INVALID,
                    "Error: --external-rootfs must be an absolute path, got \"" + externalRootfs + "\"");
        }
        if (!Files.exists(p)) {
            throw new CliFailure(ExitCodes.INVALID,
                    "Error: --external-rootfs \"" + externalRootfs + "\" does not exist");
        }
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.INVALID,
                    "Error: cannot resolve --external-rootfs \"" + externalRootfs + "\": " + e.getMessage());
        }
    }
}
