package io.isula.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.format.InspectJson;
import io.isula.cli.format.InspectTemplate;
import io.isula.core.api.ContainerEngine;
import io.isula.core.api.EngineException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code isula inspect}: a pretty JSON array of the containers found, or one template line per container.
 * Any container not found, or a template field missing, makes the exit code 1.
 */
@Command(name = "inspect", description = "Return low-level information on a container or image")
public final class InspectCommand extends EngineCommand {
    @Option(names = {"-f", "--format"}, paramLabel = "TEMPLATE", description = "Format the output using the given go template")
    String format;

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", description = "Timeout in seconds to wait for the container (default 120)")
    int time = 120;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> names;

    public InspectCommand(CliContext ctx) { super(ctx); }

    @Override
    public Integer call() {
        InspectTemplate template = format == null ? null : InspectTemplate.parse(format);
        InspectJson json = new InspectJson();
        ContainerEngine engine = engine();
        List<JsonNode> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String name : names) {
            try {
                found.add(json.tree(engine.inspect(name)));
            } catch (EngineException e) {
                errors.add(e.kind() == EngineException.Kind.NOT_FOUND
                        ? "Error: No such object: " + name : Failures.message(e));
            }
        }
        if (template == null) {
            out().println(json.pretty(found));
        } else {
            for (JsonNode node : found) {
                out().println(template.apply(node, json));
            }
        }
        out().flush();
        errors.forEach(err()::println);
        return errors.isEmpty() ? ExitCodes.OK : ExitCodes.COMMON;
    }
}
