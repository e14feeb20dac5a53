package io.isula.cli.command;

import io.isula.cli.CliContext;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.CommandSpec;
import io.isula.cli.args.Opt;
import io.isula.cli.args.ParsedArgs;
import io.isula.core.api.EngineEvent;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * {@code isula events [-n NAME] [-S SINCE] [-U UNTIL]}: the engine's events as they happen (and the kept ones since
 * SINCE), one line each in iSulad's form {@code TIME TYPE ACTION ID (key=value, …)}, until UNTIL or an interrupt.
 */
public final class EventsCommand extends EngineCommand {
    public static final CommandSpec SPEC = CommandSpec.of("events", "[OPTIONS]", "Get real time events from the server",
            0, 0, null,
            Opt.value('n', "name", "Only show events of this container"),
            Opt.value('S', "since", "Show all events created since this timestamp"),
            Opt.value('U', "until", "Show all events created until this timestamp"));

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSxxx");

    String name;
    String since;
    String until;

    public EventsCommand(CliContext ctx) { super(ctx); }

    @Override
    public CommandSpec spec() { return SPEC; }

    @Override
    protected void configure(ParsedArgs args) {
        name = args.value("name");
        since = args.value("since");
        until = args.value("until");
    }

    @Override
    public int call() {
        long now = System.currentTimeMillis() * 1_000_000L;
        long sinceNanos = since == null ? 0 : EventTimes.parse(since, "since", now);
        long untilNanos = until == null ? 0 : EventTimes.parse(until, "until", now);
        CountDownLatch ended = new CountDownLatch(1);
        Printer printer = new Printer(out(), name);
        AutoCloseable stream = engine().events(sinceNanos, untilNanos, printer, ended::countDown);
        try {
            ended.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                stream.close();
            } catch (Exception ignored) {
                // over anyway
            }
        }
        return ExitCodes.OK;
    }

    /** One line per event, as iSulad prints them. */
    static final class Printer implements Consumer<EngineEvent> {
        private final PrintStream out;
        private final String container;

        Printer(PrintStream out, String container) {
            this.out = out;
            this.container = container;
        }

        @Override
        public void accept(EngineEvent e) {
            if (!matches(e)) {
                return;
            }
            synchronized (out) {
                out.println(line(e));
                out.flush();
            }
        }

        private boolean matches(EngineEvent e) {
            if (container == null) {
                return true;
            }
            if (!"container".equals(e.type()) || e.actor() == null) {
                return false;
            }
            Map<String, String> a = e.actor().attributes();
            return container.equals(a == null ? null : a.get("name"))
                    || e.actor().id() != null && e.actor().id().startsWith(container);
        }

        static String line(EngineEvent e) {
            Instant t = Instant.ofEpochSecond(e.timeNano() / 1_000_000_000L, e.timeNano() % 1_000_000_000L);
            StringBuilder b = new StringBuilder(TIME.format(ZonedDateTime.ofInstant(t, ZoneId.systemDefault())))
                    .append(' ').append(e.type()).append(' ').append(e.action()).append(' ')
                    .append(e.actor() == null ? "" : e.actor().id());
            Map<String, String> attrs = e.actor() == null || e.actor().attributes() == null ? Map.of()
                    : e.actor().attributes();
            if (!attrs.isEmpty()) {
                List<String> parts = new ArrayList<>();
                for (String key : List.of("image", "name")) {
                    if (attrs.containsKey(key)) {
                        parts.add(key + "=" + attrs.get(key));
                    }
                }
                for (Map.Entry<String, String> a : new TreeMap<>(attrs).entrySet()) {
                    if (!a.getKey().equals("image") && !a.getKey().equals("name")) {
                        parts.add(a.getKey() + "=" + a.getValue());
                    }
                }
                b.append(" (").append(String.join(", ", parts)).append(')');
            }
            return b.toString();
        }
    }
}
