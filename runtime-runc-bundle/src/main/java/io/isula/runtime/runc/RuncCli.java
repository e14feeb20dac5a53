package io.isula.runtime.runc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isula.core.api.EngineException;
import io.isula.core.spi.ResourceUpdate;
import io.isula.core.util.ProcessResult;
import io.isula.core.util.Processes;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The runc command line for one runtime name: each call has a deadline and fails with an error naming the container. */
final class RuncCli {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** runc logs errors as {@code time="…" level=error msg="…"}; the message is what the user needs. */
    private static final Pattern LOGRUS_MSG = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final RuntimeLayout runtime;
    private final Duration timeout;

    RuncCli(RuntimeLayout runtime, Duration timeout) {
        this.runtime = runtime;
        this.timeout = timeout;
    }

    void start(String id) {
        run("start", id, "start", id);
    }

    void kill(String id, int signal) {
        run("kill", id, "kill", id, Integer.toString(signal));
    }

    /** Deletes the container; one runc does not know is fine. */
    void delete(String id, boolean force) {
        try {
            if (force) {
                run("delete", id, "delete", "--force", id);
            } else {
                run("delete", id, "delete", id);
            }
        } catch (EngineException e) {
            if (e.kind() != EngineException.Kind.NOT_FOUND) {
                throw e;
            }
        }
    }

    /** The container's runc state, or empty when runc does not know it. */
    Optional<RuncState> state(String id) {
        try {
            ProcessResult r = run("state", id, "state", id);
            return Optional.of(RuncState.parse(r.stdout()));
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        } catch (IllegalArgumentException e) {
            throw new EngineException(EngineException.Kind.INTERNAL, describe("state", id) + ": " + e.getMessage(), e);
        }
    }

    void pause(String id) {
        run("pause", id, "pause", id);
    }

    void resume(String id) {
        run("resume", id, "resume", id);
    }

    /** {@code runc update} with the limits that are set. */
    void update(String id, ResourceUpdate r) {
        List<String> args = new ArrayList<>(List.of("update"));
        flag(args, "--memory", r.memory());
        flag(args, "--memory-swap", r.memorySwap());
        flag(args, "--memory-reservation", r.memoryReservation());
        flag(args, "--cpu-share", r.cpuShares());
        flag(args, "--cpu-period", r.cpuPeriod());
        flag(args, "--cpu-quota", r.cpuQuota());
        flag(args, "--cpuset-cpus", r.cpusetCpus());
        flag(args, "--cpuset-mems", r.cpusetMems());
        flag(args, "--blkio-weight", r.blkioWeight());
        flag(args, "--pids-limit", r.pidsLimit());
        args.add(id);
        run("update", id, args.toArray(String[]::new));
    }

    private static void flag(List<String> args, String name, Object value) {
        if (value != null) {
            args.add(name);
            args.add(value.toString());
        }
    }

    List<Integer> pids(String id) {
        ProcessResult r = run("ps", id, "ps", "--format", "json", id);
        try {
            int[] pids = JSON.readValue(r.stdout(), int[].class);
            return pids == null ? List.of() : Arrays.stream(pids).boxed().toList();
        } catch (JsonProcessingException e) {
            throw new EngineException(EngineException.Kind.INTERNAL,
                    describe("ps", id) + ": unreadable output: " + e.getOriginalMessage(), e);
        }
    }

    private ProcessResult run(String what, String id, String... args) {
        List<String> command = new ArrayList<>();
        command.add(runtime.binary());
        command.addAll(runtime.globalArgs());
        command.addAll(List.of(args));
        ProcessResult r;
        try {
            r = Processes.run(command, timeout);
        } catch (IOException e) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, describe(what, id) + " failed: " + e.getMessage(), e);
        }
        if (!r.ok()) {
            String text = errorText(r.message());
            throw new EngineException(kindOf(text), describe(what, id) + " failed: " + text);
        }
        return r;
    }

    private String describe(String what, String id) {
        return runtime.name() + " " + what + " of container " + id + " (" + runtime.binary() + ")";
    }

    /** The msg="…" parts of runc's log lines, or the text as it is. */
    static String errorText(String stderr) {
        StringBuilder out = new StringBuilder();
        Matcher m = LOGRUS_MSG.matcher(stderr);
        while (m.find()) {
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return out.isEmpty() ? stderr.strip() : out.toString();
    }

    static EngineException.Kind kindOf(String error) {
        String e = error.toLowerCase(java.util.Locale.ROOT);
        if (e.contains("does not exist")) {
            return EngineException.Kind.NOT_FOUND;
        }
        if (e.contains("not running") || e.contains("not paused") || e.contains("not stopped")
                || e.contains("cannot ") || e.contains("is paused") || e.contains("already")) {
            return EngineException.Kind.CONFLICT;
        }
        return EngineException.Kind.INTERNAL;
    }
}
