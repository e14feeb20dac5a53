package io.isula.cli.format;

import io.isula.core.api.ContainerStatus;
import io.isula.core.api.ContainerSummary;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PsTemplateTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);

    private static final ContainerSummary RUNNING = new ContainerSummary(
            "4f5e6d7c8b9a0123456789abcdef0123456789abcdef0123456789abcdef0123", List.of("/web"), "busybox:latest",
            "sha256:1", "sh -c while true; do sleep 1; done", NOW.getEpochSecond() - 2, ContainerStatus.RUNNING,
            "Up 2 seconds", List.of(), Map.of(), 4242, 0, 1, "2023-11-14T22:13:18Z", "", "");
    private static final ContainerSummary CREATED = new ContainerSummary(
            "aabbccddeeff00112233", List.of("/db"), "none", "sha256:2", "true", NOW.getEpochSecond() - 7200,
            ContainerStatus.INITED, "Created", null, null, 0, 0, 0, "", "", "lxc");

    @Test
    void defaultTable() {
        String out = PsTemplate.parse(PsTemplate.DEFAULT).render(List.of(RUNNING, CREATED), NOW, false);
        assertEquals(""
                + "CONTAINER ID   IMAGE            COMMAND                    CREATED         STATUS         PORTS     NAMES\n"
                + "4f5e6d7c8b9a   busybox:latest   \"sh -c while true; d...\"   2 seconds ago   Up 2 seconds             web\n"
                + "aabbccddeeff   none             \"true\"                     2 hours ago     Created                  db\n",
                out);
    }

    @Test
    void noTruncKeepsFullIdAndCommand() {
        String out = PsTemplate.parse("{{.ID}}|{{.Command}}").render(List.of(RUNNING), NOW, true);
        assertEquals(RUNNING.id() + "|\"sh -c while true; do sleep 1; done\"\n", out);
    }

    @Test
    void extraFieldsAndIsulaStateNames() {
        String out = PsTemplate.parse("{{.Names}} {{.State}} {{.Pid}} {{.ExitCode}} {{.RestartCount}} {{.Runtime}} {{.StartAt}}")
                .render(List.of(RUNNING, CREATED), NOW, false);
        assertEquals("web running 4242 0 1 runc 2023-11-14T22:13:18Z\ndb inited 0 0 0 lxc \n", out);
    }

    @Test
    void tableWithEscapesPrintsHeaders() {
        String out = PsTemplate.parse("table {{.Names}}\\t{{.State}}").render(List.of(RUNNING), NOW, false);
        assertEquals("NAMES     STATE\nweb       running\n", out);
        assertEquals("web\trunning\n", PsTemplate.parse("{{.Names}}\\t{{.State}}").render(List.of(RUNNING), NOW, false));
    }

    @Test
    void unknownFieldIsAnError() {
        assertThrows(TemplateException.class, () -> PsTemplate.parse("{{.Nope}}"));
        assertThrows(TemplateException.class, () -> PsTemplate.parse("{{.ID"));
    }

    @Test
    void humanDurations() {
        assertEquals("Less than a second", io.isula.core.util.HumanDuration.of(Duration.ofMillis(300)));
        assertEquals("2 seconds", io.isula.core.util.HumanDuration.of(Duration.ofSeconds(2)));
        assertEquals("About a minute", io.isula.core.util.HumanDuration.of(Duration.ofSeconds(61)));
        assertEquals("5 minutes", io.isula.core.util.HumanDuration.of(Duration.ofMinutes(5)));
        assertEquals("About an hour", io.isula.core.util.HumanDuration.of(Duration.ofMinutes(61)));
        assertEquals("3 days", io.isula.core.util.HumanDuration.of(Duration.ofDays(3)));
        assertEquals("3 weeks", io.isula.core.util.HumanDuration.of(Duration.ofDays(21)));
        assertEquals("2 years", io.isula.core.util.HumanDuration.of(Duration.ofDays(800)));
    }
}
