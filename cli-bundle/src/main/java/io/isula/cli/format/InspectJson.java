package io.isula.cli.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.api.ContainerDetails;

import java.util.List;

/**
 * Containers as {@code isula inspect} shows them: iSulad's state names ({@code inited}, not Docker's
 * {@code created}), the name without Docker's leading slash, pretty-printed with four-space indents.
 */
public final class InspectJson {
    private final ObjectMapper mapper = new ObjectMapper();

    public JsonNode tree(ContainerDetails details) {
        ObjectNode node = mapper.valueToTree(details);
        if (details.state() != null && details.state().status() != null && node.get("State") instanceof ObjectNode s) {
            s.put("Status", details.state().status().isulaName());
        }
        if (details.name() != null && details.name().startsWith("/")) {
            node.put("Name", details.name().substring(1));
        }
        return node;
    }

    public String pretty(List<JsonNode> nodes) {
        ArrayNode array = mapper.createArrayNode();
        array.addAll(nodes);
        return pretty(array);
    }

    public String pretty(JsonNode node) {
        DefaultIndenter indent = new DefaultIndenter("    ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
        printer.indentObjectsWith(indent);
        printer.indentArraysWith(indent);
        try {
            return mapper.writer(printer).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String compact(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
