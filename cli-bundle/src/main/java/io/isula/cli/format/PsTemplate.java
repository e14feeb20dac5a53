package io.isula.cli.format;

import io.isula.core.util.HumanDuration;

import io.isula.core.api.ContainerSummary;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * iSulad's {@code ps --format} mini-template: literal text with {@code {{.Field}}} placeholders, {@code \t}
 * and {@code \n} escapes, and a leading {@code table} that adds a header line and aligns the columns.
 */
public final class PsTemplate {
    public static final String DEFAULT =
            "table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.Created}}\\t{{.Status}}\\t{{.Ports}}\\t{{.Names}}";

    private static final int SHORT_ID = 12;
    private static final int SHORT_COMMAND = 22;

    /** A placeholder or literal text. */
    private record Part(String literal, Field field) {
    }

    enum Field {
        ID("CONTAINER ID"), Image("IMAGE"), Command("COMMAND"), Created("CREATED"), Status("STATUS"),
        Ports("PORTS"), Names("NAMES"), Pid("PID"), ExitCode("EXIT_CODE"), RestartCount("RESTART_COUNT"),
        StartAt("STARTAT"), FinishAt("FINISHAT"), Runtime("RUNTIME"), State("STATE");

        final String header;

        Field(String header) { this.header = header; }
    }

    private final boolean table;
    private final List<Part> parts;

    private PsTemplate(boolean table, List<Part> parts) {
        this.table = table;
        this.parts = parts;
    }

    public static PsTemplate parse(String template) {
        String t = template.trim();
        boolean table = false;
        if (t.startsWith("table")) {
            table = true;
            t = t.substring("table".length()).stripLeading();
            if (t.isEmpty()) {
                return parse(DEFAULT);
            }
        }
        t = t.replace("\\t", "\t").replace("\\n", "\n");
        List<Part> parts = new ArrayList<>();
        int pos = 0;
        while (pos < t.length()) {
            int open = t.indexOf("{{", pos);
            if (open < 0) {
                parts.add(new Part(t.substring(pos), null));
                break;
            }
            if (open > pos) {
                parts.add(new Part(t.substring(pos, open), null));
            }
            int close = t.indexOf("}}", open);
            if (close < 0) {
                throw new TemplateException("Template parsing error: unclosed action in \"" + template + "\"");
            }
            parts.add(new Part(null, field(t.substring(open + 2, close).trim())));
            pos = close + 2;
        }
        return new PsTemplate(table, parts);
    }

    private static Field field(String expr) {
        if (!expr.startsWith(".")) {
            throw new TemplateException("Template parsing error: unsupported expression \"" + expr + "\"");
        }
        String name = expr.substring(1);
        for (Field f : Field.values()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new TemplateException("Template parsing error: unknown field \"" + name + "\"");
    }

    /** The whole output for {@code rows}, each line ending in a newline. */
    public String render(List<ContainerSummary> rows, Instant now, boolean noTrunc) {
        if (!table) {
            StringBuilder b = new StringBuilder();
            for (ContainerSummary s : rows) {
                b.append(line(s, now, noTrunc)).append('\n');
            }
            return b.toString();
        }
        TabWriter w = new TabWriter();
        for (String l : header().split("\n", -1)) {
            w.line(l);
        }
        for (ContainerSummary s : rows) {
            for (String l : line(s, now, noTrunc).split("\n", -1)) {
                w.line(l);
            }
        }
        return w.render();
    }

    String header() {
        StringBuilder b = new StringBuilder();
        for (Part p : parts) {
            b.append(p.field == null ? p.literal : p.field.header);
        }
        return b.toString();
    }

    String line(ContainerSummary s, Instant now, boolean noTrunc) {
        StringBuilder b = new StringBuilder();
        for (Part p : parts) {
            b.append(p.field == null ? p.literal : value(p.field, s, now, noTrunc));
        }
        return b.toString();
    }

    static String value(Field f, ContainerSummary s, Instant now, boolean noTrunc) {
        return switch (f) {
            case ID -> noTrunc ? nz(s.id()) : shortId(s.id());
            case Image -> nz(s.image());
            case Command -> "\"" + (noTrunc ? nz(s.command()) : shortCommand(nz(s.command()))) + "\"";
            case Created -> s.created() <= 0 ? "" : HumanDuration.ago(Duration.between(Instant.ofEpochSecond(s.created()), now));
            case Status -> nz(s.status());
            case Ports -> ports(s.ports());
            case Names -> s.name();
            case Pid -> Integer.toString(s.pid());
            case ExitCode -> Integer.toString(s.exitCode());
            case RestartCount -> Integer.toString(s.restartCount());
            case StartAt -> nz(s.startedAt());
            case FinishAt -> nz(s.finishedAt());
            case Runtime -> s.runtime() == null || s.runtime().isEmpty() ? "runc" : s.runtime();
            case State -> s.state() == null ? "unknown" : s.state().isulaName();
        };
    }

    /** Docker's port list: {@code 0.0.0.0:8080->80/tcp, 53/udp}. */
    static String ports(List<Object> ports) {
        if (ports == null || ports.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (Object o : ports) {
            if (b.length() > 0) {
                b.append(", ");
            }
            if (o instanceof java.util.Map<?, ?> m && m.get("PrivatePort") != null) {
                if (m.get("PublicPort") != null) {
                    b.append(m.get("IP") == null ? "" : m.get("IP") + ":").append(m.get("PublicPort")).append("->");
                }
                b.append(m.get("PrivatePort")).append('/').append(m.get("Type") == null ? "tcp" : m.get("Type"));
            } else {
                b.append(o);
            }
        }
        return b.toString();
    }

    public static String shortId(String id) {
        String v = nz(id);
        return v.length() > SHORT_ID ? v.substring(0, SHORT_ID) : v;
    }

    static String shortCommand(String cmd) {
        return cmd.length() > SHORT_COMMAND ? cmd.substring(0, SHORT_COMMAND - 3) + "..." : cmd;
    }

    private static String nz(String s) { return s == null ? "" : s; }
}
