package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.cli.args.UsageException;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.ContainerUpdate;
import io.isula.core.api.HostConfig;

import java.util.List;

/** {@code isula update}: changes the resources (and restart policy) of each container; prints each name. */
public final class UpdateCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("update", "[OPTIONS] CONTAINER [CONTAINER...]",
            "Update configuration of one or more containers", 1, -1, "CONTAINER",
            Opt.value(Opt.NO_SHORT, "cpu-shares", "CPU shares (relative weight)"),
            Opt.value(Opt.NO_SHORT, "cpu-period", "Limit CPU CFS (Completely Fair Scheduler) period"),
            Opt.value(Opt.NO_SHORT, "cpu-quota", "Limit CPU CFS (Completely Fair Scheduler) quota"),
            Opt.value(Opt.NO_SHORT, "cpus", "Number of CPUs"),
            Opt.value(Opt.NO_SHORT, "cpuset-cpus", "CPUs in which to allow execution (0-3, 0,1)"),
            Opt.value(Opt.NO_SHORT, "cpuset-mems", "MEMs in which to allow execution (0-3, 0,1)"),
            Opt.value(Opt.NO_SHORT, "kernel-memory", "Kernel memory limit"),
            Opt.value('m', "memory", "Memory limit"),
            Opt.value(Opt.NO_SHORT, "memory-reservation", "Memory soft limit"),
            Opt.value(Opt.NO_SHORT, "memory-swap", "Swap limit equal to memory plus swap: '-1' to enable unlimited swap"),
            Opt.value(Opt.NO_SHORT, "pids-limit", "Tune container pids limit (set -1 for unlimited)"),
            Opt.value(Opt.NO_SHORT, "blkio-weight", "Block IO (relative weight), between 10 and 1000"),
            Opt.value(Opt.NO_SHORT, "restart", "Restart policy to apply when a container exits"));

    ContainerUpdate update;
    List<String> containers;

    public UpdateCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs a) {
        String v;
        long shares = (v = a.value("cpu-shares")) == null ? 0 : OptionValues.llong("cpu-shares", v);
        long period = (v = a.value("cpu-period")) == null ? 0 : OptionValues.llong("cpu-period", v);
        long quota = (v = a.value("cpu-quota")) == null ? 0 : OptionValues.llong("cpu-quota", v);
        long cpus = (v = a.value("cpus")) == null ? 0 : OptionValues.nanoCpus("cpus", v);
        long kernel = (v = a.value("kernel-memory")) == null ? 0 : OptionValues.bytes("kernel-memory", v);
        long memory = (v = a.value("memory")) == null ? 0 : OptionValues.bytes("memory", v);
        long reservation = (v = a.value("memory-reservation")) == null ? 0
                : OptionValues.bytes("memory-reservation", v);
        long swap = (v = a.value("memory-swap")) == null ? 0 : OptionValues.bytesOrUnlimited("memory-swap", v);
        Long pids = (v = a.value("pids-limit")) == null ? null : OptionValues.llong("pids-limit", v);
        int blkio = (v = a.value("blkio-weight")) == null ? 0 : OptionValues.u16("blkio-weight", v);
        HostConfig.RestartPolicy restart = (v = a.value("restart")) == null ? null : OptionValues.restartPolicy(v);
        update = new ContainerUpdate(shares, period, quota, cpus, a.value("cpuset-cpus"), a.value("cpuset-mems"),
                memory, swap, reservation, kernel, blkio, pids, restart);
        if (update.equals(new ContainerUpdate(0, 0, 0, 0, null, null, 0, 0, 0, 0, 0, null, null))) {
            throw new UsageException("You must provide one or more flags when using this command");
        }
        containers = a.positionals();
    }

    @Override
    protected void apply(ContainerEngine engine, String ref) {
        for (String w : engine.update(ref, update)) {
            err().println("WARNING: " + w);
        }
    }

    @Override
    public int call() { return forEach(containers); }

    @Override
    public int failureExitCode() { return ExitCodes.COMMON; }
}
