package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.cli.format.InspectJson;
import io.isula.cli.format.InspectTemplate;
import io.isula.cli.http.ApiJson;
import io.isula.cli.http.HttpContainerEngine;
import io.isula.cli.http.HttpImageEngine;
import io.isula.cli.http.ImageJson;
import io.isula.core.api.ImageEngine;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.EngineException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code isula inspect}: a pretty JSON array of the containers found, or one template line per container.
 * Any container not found, or a template field missing, makes the exit code 1. Over HTTP the daemon's own
 * JSON is shown (every key it sent); an in-process engine's answer is turned into the same JSON.
 */
public final class InspectCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("inspect", "[OPTIONS] CONTAINER|IMAGE [CONTAINER|IMAGE...]",
            "Return low-level information on a container or image", 1, -1, "CONTAINER",
            Opt.value('f', "format", "Format the output using the given go template"),
            Opt.value('t', "time", "Timeout in seconds to wait for the container (default 120)"));

    String format;
    List<String> names;

    public InspectCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        format = args.value("format");
        args.intValue("time", 120);
        names = args.positionals();
    }

    @Override
    public int call() {
        InspectTemplate template = format == null ? null : InspectTemplate.parse(format);
        ContainerEngine engine = engine();
        List<Object> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String name : names) {
            try {
                Map<String, Object> tree = engine instanceof HttpContainerEngine http
                        ? http.inspectTree(name) : ApiJson.tree(engine.inspect(name));
                found.add(InspectJson.isulaView(tree));
            } catch (EngineException e) {
                if (e.kind() != EngineException.Kind.NOT_FOUND) {
                    errors.add(Failures.message(e));
                    continue;
                }
                try {
                    found.add(ImageJson.isulaView(imageTree(name)));
                } catch (EngineException notImage) {
                    errors.add(notImage.kind() == EngineException.Kind.NOT_FOUND
                            ? "Error: No such image or container: " + name : Failures.message(notImage));
                }
            }
        }
        if (template == null) {
            out().println(InspectJson.pretty(found));
        } else {
            for (Object node : found) {
                out().println(template.apply(node));
            }
        }
        out().flush();
        for (String e : errors) {
            err().println(e);
        }
        return errors.isEmpty() ? ExitCodes.OK : ExitCodes.COMMON;
    }

    private Map<String, Object> imageTree(String name) {
        ImageEngine images = images();
        return images instanceof HttpImageEngine http ? http.inspectImageTree(name)
                : ImageJson.tree(images.inspectImage(name));
    }
}
