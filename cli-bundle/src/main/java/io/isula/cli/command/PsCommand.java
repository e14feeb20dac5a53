package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.CliFailure;
import io.isula.cli.ExitCodes;
import io.isula.cli.format.PsTemplate;
import io.isula.core.api.ContainerSummary;
import io.isula.core.api.ListOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code isula ps}: the default table, {@code -q} ids, or a {@code --format} template; newest first. */
@Command(name = "ps", description = "List containers")
public final class PsCommand extends EngineCommand {
    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only display numeric IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = {"-n", "--last"}, paramLabel = "N", description = "Show n last created containers (includes all states)")
    int last;

    @Option(names = {"-l", "--latest"}, description = "Show the latest created container (includes all states)")
    boolean latest;

    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE", description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "TEMPLATE", description = "Format the output using the given go template")
    String format;

    public PsCommand(CliContext ctx) { super(ctx); }

    @Override
    public Integer call() {
        PsTemplate template = quiet ? null : PsTemplate.parse(format == null ? PsTemplate.DEFAULT : format);
        int n = latest ? 1 : Math.max(last, 0);
        List<ContainerSummary> rows = new ArrayList<>(engine().list(new ListOptions(all || n > 0, n, filters())));
        rows.sort(Comparator.comparingLong(ContainerSummary::created).reversed());
        if (n > 0 && rows.size() > n) {
            rows = rows.subList(0, n);
        }
        if (quiet) {
            for (ContainerSummary s : rows) {
                out().println(noTrunc ? s.id() : PsTemplate.shortId(s.id()));
            }
        } else {
            out().print(template.render(rows, ctx.clock().instant(), noTrunc));
        }
        out().flush();
        return ExitCodes.OK;
    }

    private Map<String, List<String>> filters() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw new CliFailure(ExitCodes.INVALID, "Bad format of filter (expected name=value): " + f);
            }
            m.computeIfAbsent(f.substring(0, eq).trim(), k -> new ArrayList<>()).add(f.substring(eq + 1));
        }
        return m;
    }
}
