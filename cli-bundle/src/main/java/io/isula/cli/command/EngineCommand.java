package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.EngineException;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/** A subcommand that talks to an engine. Subclasses hold only their options and their one use case. */
public abstract class EngineCommand implements Callable<Integer> {
    protected final CliContext ctx;

    @Mixin
    protected CommonOptions common = new CommonOptions();

    protected EngineCommand(CliContext ctx) { this.ctx = ctx; }

    public CommonOptions common() { return common; }

    protected ContainerEngine engine() { return ctx.engine(common.host); }

    protected PrintStream out() { return ctx.out(); }

    protected PrintStream err() { return ctx.err(); }

    /** The exit code when the engine refuses the request: 1, or 125 for create and run (as iSulad). */
    public int failureExitCode() { return ExitCodes.COMMON; }

    /** A container action applied to each name in turn, as iSulad's stop/kill/rm: a failure does not stop the rest. */
    @FunctionalInterface
    protected interface ContainerAction {
        void apply(ContainerEngine engine, String ref);
    }

    /** Runs {@code action} on each ref, printing the ref on success and the error on failure; 1 if any failed. */
    protected int forEach(List<String> refs, ContainerAction action) {
        ContainerEngine engine = engine();
        int rc = ExitCodes.OK;
        for (String ref : refs) {
            try {
                action.apply(engine, ref);
                out().println(ref);
            } catch (EngineException e) {
                if (e.kind() == EngineException.Kind.NOT_MODIFIED) {
                    out().println(ref);
                    continue;
                }
                err().println(Failures.message(e));
                rc = failureExitCode();
            }
        }
        out().flush();
        return rc;
    }
}
