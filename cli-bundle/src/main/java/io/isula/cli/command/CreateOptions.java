package io.isula.cli.command;

import io.isula.cli.CliFailure;
import io.isula.cli.ExitCodes;
import io.isula.core.api.ContainerConfig;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.EngineException;
import io.isula.core.api.ImageEngine;
import io.isula.core.api.CreateRequest;
import io.isula.core.api.HostConfig;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.cli.args.UsageException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The options {@code create} and {@code run} share (iSulad's CREATE options), then IMAGE and the command. */
public final class CreateOptions {
    private static final Opt[] OPTIONS = {
        Opt.value('n', "name", "Name of the container"),
        Opt.list('e', "env", "Set environment variables"),
        Opt.value('u', "user", "Username or UID (format: <name|uid>[:<group|gid>])"),
        Opt.value(Opt.NO_SHORT, "workdir", "Working directory inside the container"),
        Opt.value('h', "hostname", "Container host name"),
        Opt.value(Opt.NO_SHORT, "entrypoint", "Entrypoint to run when starting the container"),
        Opt.list('l', "label", "Set metadata on the container"),
        Opt.flag('t', "tty", "Allocate a pseudo-TTY"),
        Opt.flag('i', "interactive", "Keep STDIN open even if not attached"),
        Opt.value('R', "runtime", "Runtime to use for containers"),
        Opt.value(Opt.NO_SHORT, "external-rootfs", "Specify a rootfs (not managed by isulad) for the container, directory or block device"),
        Opt.flag(Opt.NO_SHORT, "rm", "Automatically remove the container when it exits"),
        Opt.value(Opt.NO_SHORT, "pull", "Pull image before running (\"always\"|\"missing\"|\"never\") (default \"missing\")"),
        Opt.value(Opt.NO_SHORT, "log-driver", "Container log driver, support json-file"),
        Opt.list(Opt.NO_SHORT, "log-opt", "Container log options, value formate: key=value"),
    };

    String name;
    List<String> env;
    String user;
    String workdir;
    String hostname;
    String entrypoint;
    List<String> labels;
    boolean tty;
    boolean interactive;
    String runtime;
    String externalRootfs;
    boolean remove;
    String pull;
    String logDriver;
    List<String> logOpts;
    String image;
    List<String> command;

    final ConfigOptions config = new ConfigOptions();

    /** The shared options (with those of container configuration) followed by {@code extra} (run's {@code -d}). */
    static Opt[] options(Opt... extra) {
        Opt[] more = ConfigOptions.OPTIONS;
        Opt[] all = new Opt[OPTIONS.length + more.length + extra.length];
        System.arraycopy(OPTIONS, 0, all, 0, OPTIONS.length);
        System.arraycopy(more, 0, all, OPTIONS.length, more.length);
        System.arraycopy(extra, 0, all, OPTIONS.length + more.length, extra.length);
        return all;
    }

    void bind(ParsedArgs a) {
        name = a.value("name");
        env = a.values("env");
        user = a.value("user");
        workdir = a.value("workdir");
        hostname = a.value("hostname");
        entrypoint = a.value("entrypoint");
        labels = a.values("label");
        tty = a.flag("tty");
        interactive = a.flag("interactive");
        runtime = a.value("runtime");
        externalRootfs = a.value("external-rootfs");
        remove = a.flag("rm");
        pull = a.value("pull") == null ? "missing" : a.value("pull");
        if (!pull.equals("always") && !pull.equals("missing") && !pull.equals("never")) {
            throw new UsageException("invalid pull option: \"" + pull + "\" (expected always, missing or never)");
        }
        logDriver = a.value("log-driver");
        logOpts = a.values("log-opt");
        List<String> p = a.positionals();
        image = p.get(0);
        command = p.subList(1, p.size());
        config.bind(a);
        if (remove && config.hasRestartPolicy()) {
            throw new io.isula.cli.args.UsageException("Conflicting options: --restart and --rm");
        }
    }

    /** The request for these options; {@code autoRemove} asks the daemon to remove the container on exit. */
    public CreateRequest toRequest(boolean autoRemove, Map<String, String> clientEnv) {
        HostConfig.Builder hostBuilder = HostConfig.builder().runtime(runtime).autoRemove(autoRemove)
                .externalRootfs(rootfs()).logConfig(logConfig());
        ContainerConfig.Builder builder = ContainerConfig.builder();
        config.apply(hostBuilder, builder, clientEnv);
        HostConfig host = hostBuilder.build();
        ContainerConfig request = builder
                .image(image)
                .cmd(command.isEmpty() ? null : List.copyOf(command))
                .entrypoint(entrypoint == null ? null : List.of(entrypoint))
                .env(env.isEmpty() ? null : OptionValues.environment(env, clientEnv))
                .user(user)
                .workingDir(workdir)
                .hostname(hostname)
                .labels(labels.isEmpty() ? null : labels())
                .tty(tty)
                .openStdin(interactive)
                .hostConfig(host)
                .build();
        return new CreateRequest(name, request);
    }

    public boolean remove() { return remove; }

    /**
     * Creates the container, pulling its image first with {@code --pull always}, or when the daemon does not have it
     * with {@code --pull missing} (the default). Pull progress goes to {@code err}, so stdout keeps only the id.
     */
    String create(ContainerEngine engine, Supplier<ImageEngine> images, CreateRequest request, PrintStream err) {
        boolean imageFromStore = externalRootfs == null;
        if (imageFromStore && pull.equals("always")) {
            PullCommand.pull(images.get(), image, err);
        }
        try {
            return engine.create(request);
        } catch (EngineException e) {
            boolean missing = e.kind() == EngineException.Kind.NOT_FOUND && e.getMessage() != null
                    && e.getMessage().startsWith("No such image");
            if (!missing || !imageFromStore || !pull.equals("missing")) {
                throw e;
            }
            err.println("Unable to find image '" + image + "' locally");
            PullCommand.pull(images.get(), image, err);
            return engine.create(request);
        }
    }

    public boolean tty() { return tty; }

    public boolean interactive() { return interactive; }

    /** {@code --log-driver} and {@code --log-opt key=value}s, or null when neither was given. */
    private HostConfig.LogConfig logConfig() {
        if (logDriver == null && logOpts.isEmpty()) {
            return null;
        }
        Map<String, String> opts = new LinkedHashMap<>();
        for (String o : logOpts) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new CliFailure(ExitCodes.INVALID, "invalid log opt: \"" + o + "\" (key=value)");
            }
            opts.put(o.substring(0, eq), o.substring(eq + 1));
        }
        return new HostConfig.LogConfig(logDriver, opts.isEmpty() ? null : opts);
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
