package io.isula.core.internal.top;

import io.isula.core.api.EngineException;
import io.isula.core.api.ProcessList;
import io.isula.core.util.ProcessResult;
import io.isula.core.util.Processes;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code top}: runs the host's {@code ps} with the user's options and keeps the rows of the container's processes
 * (by the PID column), as Docker and iSulad do.
 */
public final class ProcessTable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    public ProcessList list(List<Integer> pids, String psArgs) {
        List<String> cmd = new ArrayList<>(List.of("ps"));
        if (psArgs == null || psArgs.isBlank()) {
            cmd.add("-ef");
        } else {
            cmd.addAll(Arrays.asList(psArgs.trim().split("\\s+")));
        }
        ProcessResult r;
        try {
            r = Processes.run(cmd, TIMEOUT);
        } catch (IOException e) {
            throw EngineException.internal("cannot run ps: " + e.getMessage(), e);
        }
        if (!r.ok()) {
            throw EngineException.invalid("ps " + String.join(" ", cmd.subList(1, cmd.size())) + " failed: "
                    + r.message().strip());
        }
        return parse(r.stdout(), new HashSet<>(pids));
    }

    static ProcessList parse(String output, Set<Integer> pids) {
        String[] lines = output.split("\n");
        if (lines.length == 0 || lines[0].isBlank()) {
            throw EngineException.invalid("ps printed nothing");
        }
        List<String> titles = Arrays.asList(lines[0].trim().split("\\s+"));
        int pidColumn = titles.indexOf("PID");
        if (pidColumn < 0) {
            throw EngineException.invalid("Couldn't find PID field in ps output");
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] fields = lines[i].trim().split("\\s+", titles.size());
            if (fields.length <= pidColumn) {
                continue;
            }
            try {
                if (pids.contains(Integer.parseInt(fields[pidColumn]))) {
                    rows.add(List.of(fields));
                }
            } catch (NumberFormatException e) {
                throw EngineException.invalid("Unexpected pid '" + fields[pidColumn] + "' in ps output");
            }
        }
        return new ProcessList(titles, rows);
    }
}
