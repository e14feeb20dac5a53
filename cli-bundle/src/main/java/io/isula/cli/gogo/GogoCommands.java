package io.isula.cli.gogo;

import io.isula.cli.CliContext;
import io.isula.cli.ClientBuild;
import io.isula.cli.EngineSource;
import io.isula.cli.IsulaCli;
import io.isula.core.api.ContainerEngine;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.time.Clock;

/**
 * The {@code isula} commands in the Felix Gogo console ({@code isula:ps -a}), run against the kernel's
 * engine in-process. Output goes to System.out/err as seen at call time: Gogo redirects them per session.
 */
@Component(service = Object.class, property = {
        "osgi.command.scope=isula",
        "osgi.command.function=isula",
        "osgi.command.function=create",
        "osgi.command.function=run",
        "osgi.command.function=start",
        "osgi.command.function=stop",
        "osgi.command.function=kill",
        "osgi.command.function=rm",
        "osgi.command.function=ps",
        "osgi.command.function=inspect",
        "osgi.command.function=wait",
        "osgi.command.function=logs",
        "osgi.command.function=version",
        "osgi.command.function=info",
        "osgi.command.function=pause",
        "osgi.command.function=unpause",
        "osgi.command.function=restart",
        "osgi.command.function=rename",
        "osgi.command.function=update",
        "osgi.command.function=volume",
        "osgi.command.function=images",
        "osgi.command.function=pull",
        "osgi.command.function=rmi",
        "osgi.command.function=tag",
        "osgi.command.function=load",
        "osgi.command.function=login",
        "osgi.command.function=logout",
        "osgi.command.function=events",
        "osgi.command.function=top",
        "osgi.command.function=stats"})
public final class GogoCommands {
    private final ContainerEngine engine;

    @Activate
    public GogoCommands(@Reference ContainerEngine engine) {
        this.engine = engine;
    }

    /** Any isula command line: {@code isula:isula ps -a}. */
    public void isula(String... args) { execute(args); }

    public void create(String... args) { dispatch("create", args); }

    public void run(String... args) { dispatch("run", args); }

    public void start(String... args) { dispatch("start", args); }

    public void stop(String... args) { dispatch("stop", args); }

    public void kill(String... args) { dispatch("kill", args); }

    public void rm(String... args) { dispatch("rm", args); }

    public void ps(String... args) { dispatch("ps", args); }

    public void inspect(String... args) { dispatch("inspect", args); }

    public void wait(String... args) { dispatch("wait", args); }

    public void logs(String... args) { dispatch("logs", args); }

    public void version(String... args) { dispatch("version", args); }

    public void info(String... args) { dispatch("info", args); }

    public void pause(String... args) { dispatch("pause", args); }

    public void unpause(String... args) { dispatch("unpause", args); }

    public void restart(String... args) { dispatch("restart", args); }

    public void rename(String... args) { dispatch("rename", args); }

    public void update(String... args) { dispatch("update", args); }

    /** {@code isula:volume ls}, {@code isula:volume rm NAME}, {@code isula:volume prune -f}. */
    public void volume(String... args) { dispatch("volume", args); }

    public void images(String... args) { dispatch("images", args); }

    public void pull(String... args) { dispatch("pull", args); }

    public void rmi(String... args) { dispatch("rmi", args); }

    public void tag(String... args) { dispatch("tag", args); }

    public void load(String... args) { dispatch("load", args); }

    public void login(String... args) { dispatch("login", args); }

    public void logout(String... args) { dispatch("logout", args); }

    /** {@code isula:events --since 10m [--until 0s] [-n NAME]}: without {@code --until} it streams until interrupted. */
    public void events(String... args) { dispatch("events", args); }

    public void top(String... args) { dispatch("top", args); }

    /** {@code isula:stats --no-stream} (streaming would redraw the console every second until interrupted). */
    public void stats(String... args) { dispatch("stats", args); }

    /** The kernel's engine whatever {@code -H} says: the console is in-process. */
    private static final class Fixed implements EngineSource {
        private final ContainerEngine engine;

        Fixed(ContainerEngine engine) { this.engine = engine; }

        @Override
        public ContainerEngine engine(String host) { return engine; }
    }

    private void dispatch(String command, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        execute(all);
    }

    private void execute(String[] args) {
        CliContext ctx = new CliContext(new Fixed(engine), System.out, System.err, Clock.systemUTC());
        new IsulaCli(ctx, ClientBuild.current()).execute(args);
    }
}
