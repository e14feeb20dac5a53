package io.isula.cli.args;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** iSulad's command_parser rules, one by one, on a create-like and a ps-like table. */
class ArgParserTest {
    private static final CommandSpec RUN = CommandSpec.withCommand("run", "[OPTIONS] IMAGE [COMMAND] [ARG...]", "Run",
            Opt.flag('t', "tty", "tty"), Opt.flag('i', "interactive", "stdin"), Opt.flag('d', "detach", "detach"),
            Opt.value('n', "name", "name"), Opt.value('m', "memory", "memory"), Opt.value('h', "hostname", "host name"),
            Opt.list('e', "env", "env"), Opt.flag(Opt.NO_SHORT, "rm", "remove"),
            Opt.value(Opt.NO_SHORT, "external-rootfs", "rootfs"));
    private static final CommandSpec RM = CommandSpec.of("rm", "[OPTIONS] CONTAINER [CONTAINER...]", "Remove", 1, -1,
            "CONTAINER", Opt.flag('f', "force", "force"), Opt.value('t', "time", "time"));
    private static final CommandSpec PS = CommandSpec.of("ps", "[OPTIONS]", "List", 0, 0, "", Opt.flag('a', "all", "all"));

    private static ParsedArgs parse(CommandSpec spec, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = spec.name();
        System.arraycopy(args, 0, all, 1, args.length);
        return ArgParser.parse(spec, all, 1);
    }

    @Test
    void clusteredShortFlags() {
        ParsedArgs a = parse(RUN, "-tid", "busybox");
        assertTrue(a.flag("tty"));
        assertTrue(a.flag("interactive"));
        assertTrue(a.flag("detach"));
        assertEquals(List.of("busybox"), a.positionals());
    }

    @Test
    void clusterEndingInAValueOptionTakesTheRestOrTheNextWord() {
        ParsedArgs a = parse(RUN, "-tin", "web", "busybox");
        assertTrue(a.flag("tty"));
        assertEquals("web", a.value("name"));
        assertEquals(List.of("busybox"), a.positionals());
        ParsedArgs b = parse(RUN, "-tnweb", "busybox");
        assertEquals("web", b.value("name"));
        assertTrue(b.flag("tty"));
    }

    @Test
    void attachedShortValues() {
        assertEquals("10m", parse(RUN, "-m10m", "x").value("memory"));
        assertEquals("10m", parse(RUN, "-m=10m", "x").value("memory"));
        assertEquals("10m", parse(RUN, "-m", "10m", "x").value("memory"));
        assertEquals("", parse(RUN, "-m=", "x").value("memory"));
        assertEquals("A=1", parse(RUN, "-eA=1", "x").values("env").get(0));
        assertEquals("A=1", parse(RUN, "-e=A=1", "x").values("env").get(0));
    }

    @Test
    void longValuesSpaceOrEquals() {
        assertEquals("web", parse(RUN, "--name", "web", "x").value("name"));
        assertEquals("web", parse(RUN, "--name=web", "x").value("name"));
        assertEquals("a=b", parse(RUN, "--name=a=b", "x").value("name"));
        assertEquals("", parse(RUN, "--name=", "x").value("name"));
        assertEquals("/r", parse(RUN, "--external-rootfs", "/r", "none").value("external-rootfs"));
        // a value option takes the next word even when it looks like a flag
        assertEquals("-t", parse(RUN, "--name", "-t", "x").value("name"));
    }

    @Test
    void lastValueWinsRepeatableCollects() {
        ParsedArgs a = parse(RUN, "-n", "a", "--name=b", "-e", "X=1", "--env", "Y=2", "-eZ=3", "img");
        assertEquals("b", a.value("name"));
        assertEquals(List.of("X=1", "Y=2", "Z=3"), a.values("env"));
        assertEquals(List.of(), a.values("nope"));
        assertNull(a.value("hostname"));
    }

    @Test
    void booleanWithExplicitValue() {
        assertFalse(parse(RUN, "--rm=false", "x").flag("rm"));
        assertTrue(parse(RUN, "--rm=true", "x").flag("rm"));
        assertTrue(parse(RUN, "--rm=1", "x").flag("rm"));
        assertFalse(parse(RUN, "-t=false", "x").flag("tty"));
        UsageException e = assertThrows(UsageException.class, () -> parse(RUN, "--rm=maybe", "x"));
        assertEquals("Invalid boolean value \"maybe\" for flag --rm", e.getMessage());
    }

    @Test
    void optionsStopAtTheFirstPositional() {
        ParsedArgs a = parse(RUN, "-d", "busybox", "sh", "-c", "--name", "x", "--help", "--", "-d");
        assertEquals(List.of("busybox", "sh", "-c", "--name", "x", "--help", "--", "-d"), a.positionals());
        assertNull(a.value("name"));
        assertFalse(a.help(), "--help after IMAGE belongs to the container's command");
        // for rm, a flag after a name is a name (iSulad stops parsing at the first argument)
        assertEquals(List.of("a", "-f"), parse(RM, "a", "-f").positionals());
        assertFalse(parse(RM, "a", "-f").flag("force"));
    }

    @Test
    void doubleDashEndsOptionsAndIsDropped() {
        ParsedArgs a = parse(RUN, "-t", "--", "-image", "--rm");
        assertEquals(List.of("-image", "--rm"), a.positionals());
        assertFalse(a.flag("rm"));
        assertEquals(List.of("--"), parse(RUN, "--", "--", "x").positionals().subList(0, 1));
    }

    @Test
    void loneDashIsAnArgument() {
        assertEquals(List.of("-"), parse(RM, "-").positionals());
    }

    @Test
    void unknownFlagsNameTheFlag() {
        UsageException l = assertThrows(UsageException.class, () -> parse(RUN, "--bogus", "x"));
        assertEquals("Unknown flag found:'--bogus'", l.getMessage());
        UsageException le = assertThrows(UsageException.class, () -> parse(RUN, "--bogus=1", "x"));
        assertEquals("Unknown flag found:'--bogus'", le.getMessage());
        UsageException s = assertThrows(UsageException.class, () -> parse(RUN, "-tz", "x"));
        assertTrue(s.getMessage().startsWith("Unknown flag found:'-z'"), s.getMessage());
        // a prefix of a long name is not that option
        assertThrows(UsageException.class, () -> parse(RUN, "--na", "web", "x"));
        // -h is create/run's hostname, not help; ps has no -h
        assertEquals("box", parse(RUN, "-h", "box", "x").value("hostname"));
        assertThrows(UsageException.class, () -> parse(PS, "-h"));
    }

    @Test
    void missingValue() {
        UsageException l = assertThrows(UsageException.class, () -> parse(RUN, "--name"));
        assertEquals("Flag needs an argument: --name", l.getMessage());
        UsageException s = assertThrows(UsageException.class, () -> parse(RUN, "-tn"));
        assertEquals("Flag needs an argument: -n, --name", s.getMessage());
    }

    @Test
    void helpAnywhereAmongOptionsAndForPlainArgumentCommands() {
        assertTrue(parse(RUN, "--help").help());
        assertTrue(parse(RUN, "-t", "--help", "busybox").help());
        assertTrue(parse(RM, "--help").help(), "help even though CONTAINER is missing");
        assertTrue(parse(RM, "a", "--help").help());
        assertTrue(parse(PS, "-a", "--help").help());
        assertThrows(UsageException.class, () -> parse(PS, "-H"));
        assertEquals("unix:///x.sock", parse(PS, "-H", "unix:///x.sock").value("host"));
        assertEquals("unix:///x.sock", parse(PS, "--host=unix:///x.sock").value("host"));
        assertTrue(parse(PS, "-Da").flag("debug"));
    }

    @Test
    void argumentCounts() {
        UsageException none = assertThrows(UsageException.class, () -> parse(RM));
        assertEquals("\"rm\" requires a minimum of 1 argument (CONTAINER)", none.getMessage());
        assertThrows(UsageException.class, () -> parse(RUN, "-d"));
        UsageException extra = assertThrows(UsageException.class, () -> parse(PS, "x"));
        assertEquals("\"ps\" accepts no arguments, got 'x'", extra.getMessage());
    }

    @Test
    void intValues() {
        assertEquals(3, parse(RM, "-t", "3", "a").intValue("time", 10));
        assertEquals(10, parse(RM, "a").intValue("time", 10));
        UsageException e = assertThrows(UsageException.class, () -> parse(RM, "-tx", "a").intValue("time", 10));
        assertEquals("Invalid value \"x\" for flag --time", e.getMessage());
    }

    @Test
    void helpTextFromTheTable() {
        String help = RM.help();
        assertEquals("\nUsage:  isula rm [OPTIONS] CONTAINER [CONTAINER...]\n\nRemove\n\n"
                + "  -D, --debug    debug\n".replace("debug\n", "Enable debug mode\n")
                + "  -f, --force    force\n"
                + "      --help     Print usage\n"
                + "  -H, --host     Daemon socket(s) to connect to\n"
                + "  -t, --time     time\n\n", help);
        assertTrue(RUN.help().contains("  -h, --hostname           host name\n"), RUN.help());
        assertTrue(RUN.help().contains("      --external-rootfs    rootfs\n"), RUN.help());
    }
}
