package io.isula.cli.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * iSulad's {@code inspect --format} subset of Go templates: text with {@code {{.A.B}}} (a dotted path into
 * the JSON) and {@code {{json .A.B}}} groups. No functions or pipelines; a missing field is an error.
 */
public final class InspectTemplate {
    private record Part(String literal, boolean json, List<String> path) {
    }

    private final String source;
    private final List<Part> parts;

    private InspectTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    public static InspectTemplate parse(String template) {
        String t = template.replace("\\t", "\t").replace("\\n", "\n");
        List<Part> parts = new ArrayList<>();
        int pos = 0;
        while (pos < t.length()) {
            int open = t.indexOf("{{", pos);
            if (open < 0) {
                parts.add(new Part(t.substring(pos), false, null));
                break;
            }
            if (open > pos) {
                parts.add(new Part(t.substring(pos, open), false, null));
            }
            int close = t.indexOf("}}", open);
            if (close < 0) {
                throw new TemplateException("Template parsing error: unclosed action in \"" + template + "\"");
            }
            parts.add(action(t.substring(open + 2, close).trim(), template));
            pos = close + 2;
        }
        return new InspectTemplate(template, parts);
    }

    private static Part action(String expr, String template) {
        boolean json = false;
        String e = expr;
        if (e.startsWith("json ") || e.startsWith("json\t")) {
            json = true;
            e = e.substring(4).trim();
        }
        if (!e.startsWith(".") || e.contains(" ") || e.contains("|")) {
            throw new TemplateException("Template parsing error: unsupported expression \"" + expr + "\" in \"" + template + "\"");
        }
        List<String> path = new ArrayList<>();
        for (String key : e.substring(1).split("\\.", -1)) {
            if (key.isEmpty()) {
                if (e.length() == 1) {
                    break;
                }
                throw new TemplateException("Template parsing error: bad field path \"" + e + "\"");
            }
            path.add(key);
        }
        return new Part(null, json, path);
    }

    /** The template applied to one JSON tree ({@link io.isula.cli.http.MiniJson} shapes). */
    public String apply(Object root) {
        StringBuilder b = new StringBuilder();
        for (Part p : parts) {
            if (p.literal != null) {
                b.append(p.literal);
                continue;
            }
            Object v = root;
            for (String key : p.path) {
                if (!(v instanceof Map<?, ?> m) || !m.containsKey(key)) {
                    throw new TemplateException("Template parsing error: field \"." + String.join(".", p.path)
                            + "\" not found in \"" + source + "\"");
                }
                v = m.get(key);
            }
            if (p.json || v instanceof Map || v instanceof List) {
                b.append(InspectJson.compact(v));
            } else if (v == null) {
                b.append("<nil>");
            } else {
                b.append(v);
            }
        }
        return b.toString();
    }
}
