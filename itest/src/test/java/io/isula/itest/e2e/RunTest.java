package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code isula run}: exit codes, output, and the create options a user sees inside the container. */
class RunTest extends E2eBase {

    @Test
    void attachedRunExitsWithTheContainersExitCodeAndRmRemovesIt() {
        String name = uniqueName("exit7");
        Result r = isula(withRootfs(List.of("run", "--rm", "-n", name), "sh", "-c", "exit 7"));
        assertEquals(7, r.exitCode(), () -> "isula run must exit with the container's code:\n" + r);
        Result[] ps = {null};
        Poll.until(Duration.ofSeconds(10), "--rm container " + name + " to be removed",
                () -> !(ps[0] = isula.ok("ps", "-a", "--format", "{{.Names}}")).lines().contains(name), () -> "" + ps[0]);
    }

    @Test
    void attachedRunPrintsTheOutput() {
        Result r = isula(withRootfs(List.of("run", "--rm"), "echo", "hi"));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("hi", r.out(), r::toString);
    }

    @Test
    void detachedRunPrintsIdAndLogsShowStdoutAndStderr() {
        String name = uniqueName("logs");
        runDetached(name, "sh", "-c", "echo out; echo err >&2; sleep 100");
        awaitLog(name, "out", Duration.ofSeconds(15));
        awaitLog(name, "err", Duration.ofSeconds(15));
        Result logs = isula.ok("logs", name);
        assertTrue(logs.stdout().lines().anyMatch("out"::equals), () -> "stdout line 'out' expected:\n" + logs);
        assertTrue(logs.all().lines().anyMatch("err"::equals), () -> "stderr line 'err' expected:\n" + logs);

        Result tail = isula.ok("logs", "--tail", "1", name);
        List<String> lines = tail.all().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), () -> "--tail 1 must print one line:\n" + tail);
        assertTrue(List.of("out", "err").contains(lines.get(0)), tail::toString);
        isula.ok("rm", "-f", name);
    }

    @Test
    void logsTailCountsFromTheEnd() {
        String name = uniqueName("tail");
        runDetached(name, "sh", "-c", "echo one; echo two; echo three; sleep 100");
        awaitLog(name, "three", Duration.ofSeconds(15));
        assertEquals("three", isula.ok("logs", "--tail", "1", name).out());
        assertEquals("two\nthree", isula.ok("logs", "--tail", "2", name).out());
        assertEquals("one\ntwo\nthree", isula.ok("logs", name).out());
        isula.ok("rm", "-f", name);
    }

    @Test
    void attachedRunDeliversAllOutputBeforeReturning() {
        Result r = isula(withRootfs(List.of("run", "--rm"), "sh", "-c",
                "i=0; while [ $i -lt 5000 ]; do echo line$i; i=$((i+1)); done; echo done >&2"));
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.stdout().lines().toList();
        assertEquals(5000, lines.size(), () -> "all 5000 lines must arrive before run returns; got " + lines.size()
                + ", last: " + (lines.isEmpty() ? "-" : lines.get(lines.size() - 1)));
        assertEquals("line4999", lines.get(4999));
        assertTrue(r.stderr().contains("done"), () -> "stderr of the container goes to stderr:\n" + r);
    }

    @Test
    void shortRunsBackToBackAllReturn() {
        // exit notification must not be lost when containers come and go quickly (parallel pairs, each must return)
        for (int round = 0; round < 4; round++) {
            int n = round;
            List<Result> rs = parallel(
                    () -> isula.run(Duration.ofSeconds(20), withRootfs(List.of("run", "--rm"), "sh", "-c", "exit " + (n + 1))),
                    () -> isula.run(Duration.ofSeconds(20), withRootfs(List.of("run", "--rm"), "echo", "r" + n)));
            assertEquals(n + 1, rs.get(0).exitCode(), rs.get(0)::toString);
            assertEquals("r" + n, rs.get(1).out(), rs.get(1)::toString);
        }
    }

    @Test
    void envIsVisibleInside() {
        Result r = isula(withRootfs(List.of("run", "--rm", "-e", "A=B", "-e", "HELLO=wor ld"), "env"));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.lines().contains("A=B"), () -> "env must show A=B:\n" + r);
        assertTrue(r.lines().contains("HELLO=wor ld"), () -> "env must show HELLO=wor ld:\n" + r);
    }

    @Test
    void numericUser() {
        Result r = isula(withRootfs(List.of("run", "--rm", "-u", "1000"), "id", "-u"));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("1000", r.out(), r::toString);
    }

    @Test
    void namedUserResolvesThroughTheRootfsPasswd() {
        Result r = isula(withRootfs(List.of("run", "--rm", "-u", "app"), "sh", "-c", "id -u; id -g"));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("1000\n1000", r.out(), r::toString);
        Result n = isula(withRootfs(List.of("run", "--rm", "-u", "nobody"), "id", "-u"));
        assertEquals(0, n.exitCode(), n::toString);
        assertEquals("65534", n.out(), n::toString);
    }

    @Test
    void workdir() {
        Result r = isula(withRootfs(List.of("run", "--rm", "--workdir", "/tmp"), "pwd"));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("/tmp", r.out(), r::toString);
    }

    @Test
    void hostname() {
        Result r = isula(withRootfs(List.of("run", "--rm", "-h", "myhost"), "hostname"));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("myhost", r.out(), r::toString);
    }

    @Test
    void entrypointTakesTheCommandAsArguments() {
        Result r = isula(withRootfs(List.of("run", "--rm", "--entrypoint", "echo"), "from", "entrypoint"));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("from entrypoint", r.out(), r::toString);
    }

    @Test
    void labelsAreInInspect() {
        String name = uniqueName("label");
        create(name, List.of("-l", "k=v", "-l", "team=e2e"), "true");
        String labels = inspectF(name, "{{json .Config.Labels}}");
        JsonNode j = Json.parse(labels, labels);
        assertEquals("v", j.path("k").asText(), labels);
        assertEquals("e2e", j.path("team").asText(), labels);
        isula.ok("rm", name);
    }
}
