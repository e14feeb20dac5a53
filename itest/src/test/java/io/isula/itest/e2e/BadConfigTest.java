package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad container configuration: every refusal is exit 125 with a message naming the problem, and leaves no container
 * folder, no volume and no name behind.
 */
class BadConfigTest extends E2eBase {

    private void refused(String expectedMessage, String... options) {
        List<Path> before = daemon.engineEntries();
        List<Path> volumesBefore = Files2.grandChildren(daemon.graph().resolve("volumes"));
        List<String> args = new ArrayList<>(List.of("run", "-d", "-n", uniqueName("bad")));
        args.addAll(List.of(options));
        Result r = isula(withRootfs(args, "true"));
        assertEquals(125, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains(expectedMessage), () -> "the message must say '" + expectedMessage + "':\n" + r);
        assertEquals(before, daemon.engineEntries(), () -> "nothing under graph/engines:\n" + r);
        assertEquals(volumesBefore, Files2.grandChildren(daemon.graph().resolve("volumes")), () -> "no volume:\n" + r);
    }

    @Test
    void numericOptionsOutOfRangeNegativeOrNotNumbers() {
        refused("Invalid value \"lots\" for flag --memory", "-m", "lots");
        refused("Invalid value \"-64m\" for flag --memory", "--memory=-64m");
        refused("Minimum memory limit allowed is 4MB", "-m", "1m");
        refused("Minimum memoryswap limit should be larger than memory limit", "-m", "64m", "--memory-swap", "32m");
        refused("You should set the memory limit when using memoryswap limit", "--memory-swap", "64m");
        refused("Invalid value \"-9\" for flag --memory-reservation", "--memory-reservation", "-9");
        refused("Valid memory swappiness range is 0-100", "--memory-swappiness", "101");
        refused("Valid memory swappiness range is 0-100", "--memory-swappiness", "-5");
        refused("Invalid value \"x\" for flag --cpu-shares", "--cpu-shares", "x");
        refused("Invalid CPU shares -2", "--cpu-shares", "-2");
        refused("CPU cfs period can not be less than 1ms", "--cpu-period", "10");
        refused("CPU cfs quota can not be less than 1ms", "--cpu-quota", "500");
        refused("Invalid value \"-1\" for flag --cpus", "--cpus", "-1");
        refused("Range of CPUs is from 0.01 to", "--cpus", "4096");
        refused("Requested CPUs are not available", "--cpuset-cpus", "0-4095");
        refused("Checking cpuset.cpus got invalid format", "--cpuset-cpus", "one");
        refused("Invalid value \"many\" for flag --pids-limit", "--pids-limit", "many");
        refused("Invalid pids limit -7", "--pids-limit", "-7");
        refused("Range of blkio weight is from 10 to 1000.", "--blkio-weight", "5");
        refused("Invalid value \"-1\" for flag --blkio-weight", "--blkio-weight", "-1");
        refused("range for oom score adj is [-1000, 1000]", "--oom-score-adj", "1001");
        refused("range for oom score adj is [-1000, 1000]", "--oom-score-adj", "-1001");
        refused("Invalid value \"high\" for flag --oom-score-adj", "--oom-score-adj", "high");
        refused("Invalid value \"-1m\" for flag --shm-size", "--shm-size", "-1m");
        refused("Invalid value \"0.5x\" for flag --health-interval", "--health-interval", "0.5x");
        refused("Interval in Healthcheck cannot be less than one second", "--health-cmd", "true",
                "--health-interval", "100ms");
        refused("--health-retries cannot be negative", "--health-cmd", "true", "--health-retries", "-1");
        refused("Maximum retry count cannot be negative", "--restart", "on-failure:-1");
        refused("Invalid restart policy 'sometimes'", "--restart", "sometimes");
        refused("Ulimit soft limit must be less than or equal to hard limit", "--ulimit", "nofile=20:10");
        refused("Invalid ulimit type: speed", "--ulimit", "speed=1");
        refused("Invalid value \"2MB:lots\" for flag --hugetlb-limit", "--hugetlb-limit", "2MB:lots");
    }

    @Test
    void badVolumesAndMounts() {
        refused("Invalid volume name rel/data", "-v", "rel/data:/data");
        refused("Invalid volume name ./data", "-v", "./data:/data");
        refused("delimiter ':' can't be the first or the last character", "-v", ":/data");
        refused("delimiter ':' can't be the first or the last character", "-v", "/data:");
        refused("Invalid volume specification '/a:/b:/c:/d'", "-v", "/a:/b:/c:/d");
        refused("Invalid mode:rx", "-v", "/tmp:/x:rx");
        refused("Invalid mode:ro", "-v", "/data:ro");
        refused("destination can't be '/'", "-v", "/tmp:/");
        refused("/proc, which can not be mounted over", "-v", "/tmp:/proc");
        refused("/proc, which can not be mounted over", "-v", "/tmp:/proc/sys/kernel");
        refused("Duplicate mount point: /data", "-v", "/tmp:/data", "-v", "vol1:/data");
        refused("bind source path does not exist", "--mount", "type=bind,source=/no/such/dir,target=/x");
        refused("only bind, volume and tmpfs", "--mount", "type=nfs,target=/x");
        refused("No such container: nobody-here", "--volumes-from", "nobody-here");
    }

    @Test
    void badDevicesSecurityAndHooks() throws IOException {
        refused("error gathering device information while adding custom device \"/dev/no-such-device\"",
                "--device", "/dev/no-such-device");
        refused("Invalid device permissions 'rx'", "--device", "/dev/null:/dev/n:rx");
        refused("Unknown capability to add: 'CAP_TELEPORT'", "--cap-add", "CAP_TELEPORT");
        refused("Sysctl kernel.panic=1 is not whitelist", "--sysctl", "kernel.panic=1");
        refused("Invalid --security-opt: apparmo=x", "--security-opt", "apparmo=x");
        refused("opening seccomp profile", "--security-opt", "seccomp=/no/such/profile.json");
        Path badProfile = Files.writeString(daemon.dir().resolve("bad-profile.json"), "{\"defaultAction\": ");
        refused("Decoding seccomp profile failed", "--security-opt", "seccomp=" + badProfile);
        Path badHooks = Files.writeString(daemon.dir().resolve("bad-hooks.json"), "{\"prestart\": [ {\"path\": ");
        refused("Invalid hook spec " + badHooks, "--hook-spec", badHooks.toString());
        Path relativeHook = Files.writeString(daemon.dir().resolve("rel-hooks.json"),
                "{\"prestart\": [{\"path\": \"hooks/run.sh\"}]}");
        refused("hooks/run.sh is not an absolute path", "--hook-spec", relativeHook.toString());
        refused("is not an ip address", "--dns", "999.1.1.1");
        refused("invalid IP address in add-host", "--add-host", "db:nowhere");
        refused("Invalid stop signal: SIGNOPE", "--stop-signal", "SIGNOPE");
        refused("Conflicting options: --restart and --rm", "--rm", "--restart", "always");
    }

    @Test
    void badUpdatesChangeNothing() {
        String name = uniqueName("upd");
        runDetached(name, List.of("-m", "64m"), "sleep", "300");
        for (String[] bad : List.of(new String[] {"-m", "1k"}, new String[] {"--cpus", "9999"},
                new String[] {"--blkio-weight", "2"}, new String[] {"-m", "many"})) {
            List<String> args = new ArrayList<>(List.of("update"));
            args.addAll(List.of(bad));
            args.add(name);
            Result r = isula(args.toArray(String[]::new));
            assertTrue(r.exitCode() != 0, r::toString);
            assertTrue(!r.stderr().isBlank(), r::toString);
        }
        assertEquals(String.valueOf(64L << 20), inspectF(name, "{{.HostConfig.Memory}}"));
        isula.ok("rm", "-f", name);
    }
}
