package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code isula ps}: header, filters, quiet/all/no-trunc, and templates, over a running, an exited and a created container. */
class PsTest extends E2eBase {
    private static final Pattern HEADER =
            Pattern.compile("^CONTAINER ID\\s+IMAGE\\s+COMMAND\\s+CREATED\\s+STATUS\\s+PORTS\\s+NAMES\\s*$");

    private final String running = uniqueName("psrun");
    private final String exited = uniqueName("psexit");
    private final String created = uniqueName("pscreated");
    private String runningId;
    private String exitedId;
    private String createdId;

    @BeforeAll
    void containers() {
        List<String> ids = parallel(
                () -> runDetached(running, "sleep", "1000"),
                () -> {
                    Result r = isula(withRootfs(List.of("run", "-n", exited), "sh", "-c", "exit 3"));
                    assertEquals(3, r.exitCode(), r::toString);
                    return inspectF(exited, "{{.Id}}");
                },
                () -> create(created, List.of(), "true"));
        runningId = ids.get(0);
        exitedId = ids.get(1);
        createdId = ids.get(2);
    }

    @Test
    void defaultListingShowsRunningContainersUnderTheHeader() {
        Result ps = isula.ok("ps");
        List<String> lines = ps.lines();
        assertTrue(HEADER.matcher(lines.get(0)).matches(), () -> "header must be the iSulad columns:\n" + ps);
        String line = lines.stream().filter(l -> l.contains(running)).findFirst()
                .orElseThrow(() -> new AssertionError("ps must list the running container:\n" + ps));
        assertTrue(line.startsWith(runningId.substring(0, 12) + " "), () -> "12-hex id first:\n" + ps);
        assertTrue(line.contains("Up"), () -> "STATUS of a running container starts with Up:\n" + ps);
        assertTrue(line.trim().endsWith(running), () -> "NAMES is the last column:\n" + ps);
        assertFalse(ps.stdout().contains(exited), () -> "ps without -a must not list exited containers:\n" + ps);
        assertFalse(ps.stdout().contains(created), () -> "ps without -a must not list created containers:\n" + ps);
    }

    @Test
    void allListsEveryStateWithItsStatusPhrase() {
        Result ps = isula.ok("ps", "-a");
        assertTrue(HEADER.matcher(ps.lines().get(0)).matches(), ps::toString);
        assertTrue(lineOf(ps, running).contains("Up"), ps::toString);
        assertTrue(lineOf(ps, exited).contains("Exited (3)"), () -> "STATUS Exited (3) ...:\n" + ps);
        assertTrue(lineOf(ps, created).contains("Created"), ps::toString);
    }

    @Test
    void quietPrintsShortIdsOnly() {
        Result q = isula.ok("ps", "-q");
        assertTrue(q.lines().stream().allMatch(l -> ID12.matcher(l.strip()).matches()), () -> "only 12-hex ids:\n" + q);
        assertTrue(q.lines().contains(runningId.substring(0, 12)), q::toString);
        assertFalse(q.lines().contains(exitedId.substring(0, 12)), q::toString);

        Result qa = isula.ok("ps", "-a", "-q");
        assertTrue(qa.lines().containsAll(List.of(runningId.substring(0, 12), exitedId.substring(0, 12),
                createdId.substring(0, 12))), qa::toString);
    }

    @Test
    void noTruncShowsFullIds() {
        Result ps = isula.ok("ps", "-a", "--no-trunc");
        assertTrue(lineOf(ps, running).startsWith(runningId), () -> "full 64-hex id with --no-trunc:\n" + ps);
        Result q = isula.ok("ps", "-a", "-q", "--no-trunc");
        assertTrue(q.lines().contains(exitedId), q::toString);
    }

    @Test
    void filterByName() {
        Result ps = isula.ok("ps", "-a", "-f", "name=" + exited);
        assertTrue(ps.stdout().contains(exited), ps::toString);
        assertFalse(ps.stdout().contains(running), ps::toString);
        assertFalse(ps.stdout().contains(created), ps::toString);
    }

    @Test
    void filterByStatus() {
        Result ps = isula.ok("ps", "-a", "-f", "status=exited", "--format", "{{.Names}}");
        assertTrue(ps.lines().contains(exited), ps::toString);
        assertFalse(ps.stdout().contains(running), ps::toString);
        assertFalse(ps.stdout().contains(created), ps::toString);
    }

    @Test
    void formatFields() {
        Result ps = isula.ok("ps", "-a", "-f", "name=" + exited, "--format", "{{.ID}} {{.State}} {{.ExitCode}} {{.Runtime}}");
        assertEquals(List.of(exitedId.substring(0, 12) + " exited 3 runc"), ps.lines().stream().map(String::strip).toList(),
                ps::toString);
    }

    @Test
    void tableFormatPrintsAHeader() {
        Result ps = isula.ok("ps", "--format", "table {{.Names}}");
        assertEquals("NAMES", ps.lines().get(0).strip(), ps::toString);
        assertTrue(ps.lines().subList(1, ps.lines().size()).stream().map(String::strip).toList().contains(running), ps::toString);
    }

    private static String lineOf(Result ps, String name) {
        return ps.lines().stream().filter(l -> l.contains(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + name + ":\n" + ps));
    }
}
