package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.cli.args.UsageException;
import io.isula.cli.format.TabWriter;
import io.isula.core.api.ImageSummary;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code isula images [-q] [-f KEY=VALUE]}: REPOSITORY TAG IMAGE ID CREATED SIZE, one line per name. */
public final class ImagesCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("images", "[OPTIONS]", "List images", 0, 0, null,
            Opt.flag('q', "quiet", "Only show numeric IDs"),
            Opt.list('f', "filter", "Filter output based on conditions provided"));
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    boolean quiet;
    Map<String, List<String>> filters;

    public ImagesCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        quiet = args.flag("quiet");
        filters = new LinkedHashMap<>();
        for (String f : args.values("filter")) {
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("Bad format of filter (expected name=value): " + f);
            }
            filters.computeIfAbsent(f.substring(0, eq), k -> new ArrayList<>()).add(f.substring(eq + 1));
        }
    }

    @Override
    public int call() {
        List<ImageSummary> images = images().images(filters);
        if (quiet) {
            Set<String> ids = new LinkedHashSet<>();
            images.forEach(i -> ids.add(shortId(i.id())));
            ids.forEach(out()::println);
            return ExitCodes.OK;
        }
        TabWriter table = new TabWriter();
        table.line("REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE");
        for (ImageSummary image : images) {
            String created = CREATED.format(Instant.ofEpochSecond(image.created()));
            List<String> tags = image.repoTags() == null || image.repoTags().isEmpty() ? List.of("<none>:<none>")
                    : image.repoTags();
            for (String tagged : tags) {
                int colon = tagged.lastIndexOf(':');
                boolean hasTag = colon > tagged.lastIndexOf('/');
                table.line(String.join("\t", hasTag ? tagged.substring(0, colon) : tagged,
                        hasTag ? tagged.substring(colon + 1) : "<none>", shortId(image.id()), created,
                        Sizes.human(image.size())));
            }
        }
        out().print(table.render());
        return ExitCodes.OK;
    }

    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
