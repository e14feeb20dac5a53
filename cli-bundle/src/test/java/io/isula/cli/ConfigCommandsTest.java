package io.isula.cli;

import io.isula.core.api.ContainerConfig;
import io.isula.core.api.ContainerUpdate;
import io.isula.core.api.HostConfig;
import io.isula.core.api.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The container configuration options of create/run and the commands pause, restart, rename, update, volume. */
class ConfigCommandsTest {
    private final FakeEngine engine = new FakeEngine();

    private HostConfig host(String... args) {
        CliRun r = CliRun.of(engine, args);
        assertEquals(0, r.code(), r.err());
        return engine.created.get(engine.created.size() - 1).config().hostConfig();
    }

    private ContainerConfig config() {
        return engine.created.get(engine.created.size() - 1).config();
    }

    private void refused(String message, String... args) {
        CliRun r = CliRun.of(engine, args);
        assertEquals(125, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(message), r.err());
        assertTrue(engine.created.isEmpty(), "nothing is sent for a bad value");
    }

    @Test
    void resourceOptions() {
        HostConfig h = host("create", "-m", "32m", "--memory-swap=-1", "--memory-reservation", "16MiB",
                "--memory-swappiness", "10", "--cpu-shares", "512", "--cpus", "0.5", "--cpuset-cpus", "0-1",
                "--pids-limit", "10", "--blkio-weight", "300", "--hugetlb-limit", "2MB:64MB", "--ulimit", "nofile=10:20",
                "--ulimit", "core=0", "--cgroup-parent", "/mine", "--oom-kill-disable", "--oom-score-adj", "-500",
                "--shm-size", "1g", "busybox");
        assertEquals(32L << 20, h.memory());
        assertEquals(-1, h.memorySwap());
        assertEquals(16L << 20, h.memoryReservation());
        assertEquals(10L, h.memorySwappiness());
        assertEquals(512, h.cpuShares());
        assertEquals(500_000_000L, h.nanoCpus());
        assertEquals("0-1", h.cpusetCpus());
        assertEquals(10L, h.pidsLimit());
        assertEquals(300, h.blkioWeight());
        assertEquals(List.of(new HostConfig.Hugetlb("2MB", 64L << 20)), h.hugetlbs());
        assertEquals(List.of(new HostConfig.Ulimit("nofile", 10, 20), new HostConfig.Ulimit("core", 0, 0)), h.ulimits());
        assertEquals("/mine", h.cgroupParent());
        assertEquals(Boolean.TRUE, h.oomKillDisable());
        assertEquals(-500, h.oomScoreAdj());
        assertEquals(1L << 30, h.shmSize());
    }

    @Test
    void badNumbersNeverReachTheDaemon() {
        refused("Invalid value \"abc\" for flag --memory", "run", "-m", "abc", "busybox");
        refused("Invalid value \"-5m\" for flag --memory", "run", "--memory=-5m", "busybox");
        refused("Invalid value \"x\" for flag --cpu-shares", "run", "--cpu-shares", "x", "busybox");
        refused("Invalid value \"-1\" for flag --cpus", "run", "--cpus", "-1", "busybox");
        refused("Invalid value \"1.0000000001\" for flag --cpus", "run", "--cpus", "1.0000000001", "busybox");
        refused("Valid memory swappiness range is 0-100", "run", "--memory-swappiness", "101", "busybox");
        refused("Invalid value \"70000\" for flag --blkio-weight", "run", "--blkio-weight", "70000", "busybox");
        refused("Invalid value \"-3\" for flag --blkio-weight", "run", "--blkio-weight", "-3", "busybox");
        refused("Invalid value \"1.5\" for flag --oom-score-adj", "run", "--oom-score-adj", "1.5", "busybox");
        refused("Invalid value \"ten\" for flag --pids-limit", "run", "--pids-limit", "ten", "busybox");
        refused("Invalid value \"-2\" for flag --memory-swap", "run", "-m", "32m", "--memory-swap", "-2", "busybox");
        refused("Invalid value \"nofile\" for flag --ulimit", "run", "--ulimit", "nofile", "busybox");
        refused("Invalid value \"soon\" for flag --health-interval", "run", "--health-interval", "soon", "busybox");
        refused("Invalid value \"-1s\" for flag --health-timeout", "run", "--health-timeout", "-1s", "busybox");
        refused("Invalid value \"x\" for flag --health-retries", "run", "--health-retries", "x", "busybox");
        refused("maximum retry count must be an integer", "run", "--restart", "on-failure:x", "busybox");
        refused("invalid environment variable: \"=x\"", "run", "-e", "=x", "busybox");
        refused("Conflicting options: --restart and --rm", "run", "--rm", "--restart", "always", "busybox");
        refused("--no-healthcheck conflicts", "run", "--no-healthcheck", "--health-cmd", "true", "busybox");
        refused("unknown key 'colour'", "run", "--mount", "type=bind,colour=red", "busybox");
    }

    @Test
    void securityDnsAndLifecycleOptions(@TempDir Path dir) throws IOException {
        Path profile = Files.writeString(dir.resolve("p.json"), "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}");
        HostConfig h = host("run", "-d", "--cap-add", "SYS_ADMIN", "--cap-drop", "ALL", "--privileged",
                "--security-opt", "seccomp=" + profile, "--security-opt", "no-new-privileges", "--sysctl",
                "kernel.shmmax=100", "--group-add", "audio", "--dns", "10.0.0.2", "--dns-search", "example.com",
                "--dns-opt", "ndots:2", "--add-host", "db:10.0.0.9", "--restart", "on-failure:3", "--stop-signal",
                "SIGINT", "--health-cmd", "test -e /ok", "--health-interval", "1m30s", "--health-retries", "2",
                "--health-timeout", "500ms", "--health-start-period", "2s", "--health-exit-on-unhealthy", "busybox");
        assertEquals(List.of("SYS_ADMIN"), h.capAdd());
        assertEquals(List.of("ALL"), h.capDrop());
        assertTrue(h.privileged());
        assertEquals(List.of("seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}", "no-new-privileges"), h.securityOpt());
        assertEquals(Map.of("kernel.shmmax", "100"), h.sysctls());
        assertEquals(List.of("audio"), h.groupAdd());
        assertEquals(List.of("10.0.0.2"), h.dns());
        assertEquals(List.of("db:10.0.0.9"), h.extraHosts());
        assertEquals(new HostConfig.RestartPolicy("on-failure", 3), h.restartPolicy());
        ContainerConfig c = config();
        assertEquals("SIGINT", c.stopSignal());
        assertEquals(List.of("CMD-SHELL", "test -e /ok"), c.healthcheck().test());
        assertEquals(90_000_000_000L, c.healthcheck().interval());
        assertEquals(500_000_000L, c.healthcheck().timeout());
        assertEquals(2_000_000_000L, c.healthcheck().startPeriod());
        assertEquals(2, c.healthcheck().retries());
        assertTrue(c.healthcheck().exitOnUnhealthy());
        CliRun missing = CliRun.of(engine, "run", "--security-opt", "seccomp=" + dir.resolve("none.json"), "busybox");
        assertEquals(125, missing.code());
        assertTrue(missing.err().contains("opening seccomp profile"), missing.err());
    }

    @Test
    void mountOptions(@TempDir Path dir) {
        HostConfig h = host("create", "-v", "/srv:/data:ro", "-v", "named:/n", "--mount",
                "type=bind,source=/srv,target=/b,readonly,bind-propagation=rslave", "--mount",
                "type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=1777", "--tmpfs", "/run:rw,size=64m", "--read-only",
                "--device", "/dev/fuse", "--device", "/dev/sda:/dev/xvda:r", "--device", "/dev/null:rw",
                "--volumes-from", "web:ro", "--hook-spec", "hooks.json", "busybox");
        assertEquals(List.of("/srv:/data:ro", "named:/n"), h.binds());
        HostConfig.Mount bind = h.mounts().get(0);
        assertEquals("bind", bind.type());
        assertTrue(bind.readOnly());
        assertEquals("rslave", bind.bindOptions().propagation());
        HostConfig.Mount tmpfs = h.mounts().get(1);
        assertEquals(1L << 20, tmpfs.tmpfsOptions().sizeBytes());
        assertEquals(01777, tmpfs.tmpfsOptions().mode());
        assertEquals(Map.of("/run", "rw,size=64m"), h.tmpfs());
        assertTrue(h.readonlyRootfs());
        assertEquals(List.of(new HostConfig.DeviceMapping("/dev/fuse", "/dev/fuse", "rwm"),
                new HostConfig.DeviceMapping("/dev/sda", "/dev/xvda", "r"),
                new HostConfig.DeviceMapping("/dev/null", "/dev/null", "rw")), h.devices());
        assertEquals(List.of("web:ro"), h.volumesFrom());
        assertTrue(Path.of(h.hookSpec()).isAbsolute(), "a relative hook spec is made absolute by the client");
    }

    @Test
    void noOptionsMeansNoSettings() {
        HostConfig h = host("create", "busybox");
        assertNull(h.binds());
        assertEquals(0, h.memory());
        assertNull(config().healthcheck());
        assertEquals(List.of("NONE"), host("create", "--no-healthcheck", "busybox") != null
                ? config().healthcheck().test() : null);
    }

    @Test
    void pauseUnpauseRestartRename() {
        assertEquals("a\nb\n", CliRun.of(engine, "pause", "a", "b").out());
        assertEquals("a\n", CliRun.of(engine, "unpause", "a").out());
        assertEquals("a\n", CliRun.of(engine, "restart", "-t", "3", "a").out());
        CliRun rename = CliRun.of(engine, "rename", "a", "c");
        assertEquals(0, rename.code());
        assertEquals("", rename.out());
        assertEquals(List.of("pause a", "pause b", "unpause a", "restart a 3", "rename a c"), engine.calls);
        engine.missing.add("gone");
        CliRun failed = CliRun.of(engine, "pause", "gone");
        assertEquals(1, failed.code());
        assertTrue(failed.err().contains("No such container: gone"));
        assertEquals(125, CliRun.of(engine, "rename", "a").code());
        assertEquals(125, CliRun.of(engine, "restart", "-t", "x", "a").code());
    }

    @Test
    void updateSendsOnlyWhatIsGiven() {
        CliRun r = CliRun.of(engine, "update", "-m", "64m", "--cpus", "1.5", "--pids-limit", "-1", "--restart",
                "always", "web");
        assertEquals(0, r.code(), r.err());
        assertEquals("web\n", r.out());
        assertTrue(r.err().contains("WARNING: careful"));
        ContainerUpdate u = engine.updates.get(0);
        assertEquals(64L << 20, u.memory());
        assertEquals(1_500_000_000L, u.nanoCpus());
        assertEquals(-1L, u.pidsLimit());
        assertEquals(0, u.cpuShares());
        assertEquals("always", u.restartPolicy().name());
        CliRun none = CliRun.of(engine, "update", "web");
        assertEquals(125, none.code());
        assertTrue(none.err().contains("You must provide one or more flags"));
        assertEquals(125, CliRun.of(engine, "update", "-m", "lots", "web").code());
    }

    @Test
    void rmWithVolumes() {
        assertEquals(0, CliRun.of(engine, "rm", "-fv", "a").code());
        assertEquals(List.of("remove a force volumes"), engine.calls);
    }

    @Test
    void volumeCommands() {
        engine.volumeRows = List.of(new Volume("data", "local", "/g/volumes/data/_data", "", "local", Map.of()));
        CliRun ls = CliRun.of(engine, "volume", "ls");
        assertEquals("DRIVER    VOLUME NAME\nlocal     data\n", ls.out());
        assertEquals("data\n", CliRun.of(engine, "volume", "-H", "unix:///x.sock", "ls", "-q").out());
        assertEquals("data\n", CliRun.of(engine, "volume", "rm", "data").out());
        assertEquals("Deleted Volumes:\ndata\n", CliRun.of(engine, "volume", "prune", "-f").out());
        assertEquals(1, CliRun.of(engine, "volume", "frob").code());
        assertTrue(CliRun.of(engine, "volume").out().contains("Manage volumes"));
        engine.missing.add("nope");
        CliRun missing = CliRun.of(engine, "volume", "rm", "nope");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("No such volume: nope"));
        assertTrue(CliRun.of(engine, "--help").out().contains("MANAGEMENT COMMANDS"));
    }
}
