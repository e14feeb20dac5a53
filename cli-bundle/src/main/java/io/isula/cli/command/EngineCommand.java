package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.ParsedArgs;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.ImageEngine;
import io.isula.core.api.EngineException;

import java.io.PrintStream;
import java.util.List;

/**
 * A subcommand that talks to an engine. A subclass declares its option table ({@link #spec()}), takes the
 * parsed values in {@link #configure(ParsedArgs)} and runs its one use case in {@link #call()}.
 */
public abstract class EngineCommand {
    protected final CliContext ctx;
    private String host;
    private boolean debug;

    protected EngineCommand(CliContext ctx) { this.ctx = ctx; }

    /** The command's name, usage, options and argument count. */
    public abstract CommandSpec spec();

    /**
     * Reads this command's options and arguments; may throw a {@link io.isula.cli.args.UsageException}.
     * Commands without options keep this.
     */
    protected void configure(ParsedArgs args) {
    }

    /** Runs the command and returns its exit code; engine failures are thrown and reported by the caller. */
    public abstract int call();

    /** Takes the common options ({@code -H}, {@code -D}), then the command's own. */
    public final void bind(ParsedArgs args) {
        host = args.value("host");
        debug = args.flag("debug");
        configure(args);
    }

    /** The {@code -H} value, or null for {@code ISULAD_HOST} / the default socket. */
    public String host() { return host; }

    public void host(String h) { host = h; }

    public boolean debug() { return debug; }

    protected ContainerEngine engine() { return ctx.engine(host); }

    protected ImageEngine images() { return ctx.images(host); }

    protected PrintStream out() { return ctx.out(); }

    protected PrintStream err() { return ctx.err(); }

    /** The exit code when the engine refuses the request: 1, or 125 for create and run (as iSulad). */
    public int failureExitCode() { return ExitCodes.COMMON; }

    /** The per-container action of stop/kill/rm/start; only commands that use {@link #forEach} override it. */
    protected void apply(ContainerEngine engine, String ref) {
        throw new UnsupportedOperationException(spec().name());
    }

    /**
     * {@link #apply} on each ref in turn, as iSulad's stop/kill/rm: prints the ref on success, the error on
     * failure, and a failure does not stop the rest; the exit code is {@link #failureExitCode()} if any failed.
     */
    protected int forEach(List<String> refs) {
        ContainerEngine engine = engine();
        int rc = ExitCodes.OK;
        for (String ref : refs) {
            try {
                apply(engine, ref);
                out().println(ref);
            } catch (EngineException e) {
                if (e.kind() == EngineException.Kind.NOT_MODIFIED) {
                    out().println(ref);
                    continue;
                }
                out().flush();
                err().println(Failures.message(e));
                rc = failureExitCode();
            }
        }
        out().flush();
        return rc;
    }
}
