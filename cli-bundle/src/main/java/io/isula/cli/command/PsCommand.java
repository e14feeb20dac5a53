package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.CliFailure;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.cli.format.PsTemplate;
import io.isula.core.api.ContainerSummary;
import io.isula.core.api.ListOptions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code isula ps}: the default table, {@code -q} ids, or a {@code --format} template; newest first. */
public final class PsCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("ps", "[OPTIONS]", "List containers", 0, 0, "",
            Opt.flag('a', "all", "Display all containers (default shows just running)"),
            Opt.flag('q', "quiet", "Only display numeric IDs"),
            Opt.flag(Opt.NO_SHORT, "no-trunc", "Display complete container ID"),
            Opt.value('n', "last", "Show n last created containers (includes all states)"),
            Opt.flag('l', "latest", "Show the latest created container (includes all states)"),
            Opt.list('f', "filter", "Filter output based on conditions provided"),
            Opt.value(Opt.NO_SHORT, "format", "Format the output using the given go template"));

    boolean all;
    boolean quiet;
    boolean noTrunc;
    int last;
    boolean latest;
    List<String> filters;
    String format;

    public PsCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        all = args.flag("all");
        quiet = args.flag("quiet");
        noTrunc = args.flag("no-trunc");
        last = args.intValue("last", 0);
        latest = args.flag("latest");
        filters = args.values("filter");
        format = args.value("format");
    }

    @Override
    public int call() {
        PsTemplate template = quiet ? null : PsTemplate.parse(format == null ? PsTemplate.DEFAULT : format);
        int n = latest ? 1 : Math.max(last, 0);
        List<ContainerSummary> rows = newestFirst(engine().list(new ListOptions(all || n > 0, n, filters())));
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

    /** Newest first, stable (a named comparator: a lambda or method reference costs start-up time). */
    static List<ContainerSummary> newestFirst(List<ContainerSummary> in) {
        List<ContainerSummary> rows = new ArrayList<>(in);
        rows.sort(NewestFirst.INSTANCE);
        return rows;
    }

    private static final class NewestFirst implements Comparator<ContainerSummary> {
        static final NewestFirst INSTANCE = new NewestFirst();

        @Override
        public int compare(ContainerSummary a, ContainerSummary b) {
            return Long.compare(b.created(), a.created());
        }
    }

    private Map<String, List<String>> filters() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw new CliFailure(ExitCodes.INVALID, "Bad format of filter (expected name=value): " + f);
            }
            String key = f.substring(0, eq).trim();
            List<String> values = m.get(key);
            if (values == null) {
                values = new ArrayList<>();
                m.put(key, values);
            }
            values.add(f.substring(eq + 1));
        }
        return m;
    }
}
