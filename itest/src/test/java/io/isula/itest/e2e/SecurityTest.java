package io.isula.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Docker's security defaults proven from inside the container, and the options that relax or tighten them. */
class SecurityTest extends E2eBase {
    /** Docker's default capability set as /proc/self/status shows it. */
    private static final String DOCKER_DEFAULT_CAPS = "00000000a80425fb";

    Result inside(List<String> options, String script) {
        List<String> before = new ArrayList<>(List.of("run", "--rm"));
        before.addAll(options);
        Result r = isula(withRootfs(before, "sh", "-c", script));
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    private static String status(Result r, String field) {
        return r.lines().stream().filter(l -> l.startsWith(field + ":")).findFirst()
                .map(l -> l.substring(field.length() + 1).strip()).orElseThrow(() -> new AssertionError(field + " in\n" + r));
    }

    @Test
    void theDefaultContainerIsConfined() {
        Result r = inside(List.of(), "grep -E '^(CapEff|CapBnd|Seccomp|NoNewPrivs):' /proc/self/status;"
                + " mkdir -p /tmp/m; mount -t tmpfs none /tmp/m 2>&1; echo mount=$?;"
                + " echo kcore=$(cat /proc/kcore 2>/dev/null | head -c 64 | wc -c);"
                + " insmod /bin/busybox 2>&1; echo insmod=$?");
        assertEquals(DOCKER_DEFAULT_CAPS, status(r, "CapEff"));
        assertEquals(DOCKER_DEFAULT_CAPS, status(r, "CapBnd"));
        assertEquals("2", status(r, "Seccomp"), "a seccomp filter is installed");
        assertTrue(r.lines().contains("mount=1") || r.lines().contains("mount=255"), r::toString);
        assertTrue(r.lines().contains("kcore=0"), () -> "/proc/kcore shows nothing:\n" + r);
        assertFalse(r.lines().contains("insmod=0"), r::toString);
        assertTrue(r.stdout().contains("Operation not permitted"), () -> "module loading is refused:\n" + r);
    }

    /**
     * The filter lists the sub-architectures the kernel runs: this machine's kernel is built without x32, so the
     * filter leaves it out (runc builds the rules once per architecture listed) and keeps 32-bit x86.
     */
    @Test
    void theSeccompFilterListsTheArchitecturesTheKernelRuns() throws IOException {
        String id = create(uniqueName("arches"), List.of(), "true");
        com.fasterxml.jackson.databind.JsonNode spec = Json.parse(
                Files.readString(daemon.bundle(id).resolve("config.json")), "config.json of " + id);
        List<String> arches = new ArrayList<>();
        spec.path("linux").path("seccomp").path("architectures").forEach(a -> arches.add(a.asText()));
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86"), arches, spec.path("linux").path("seccomp")::toString);
        inside(List.of(), "grep -q '^Seccomp:.*2' /proc/self/status"); // and a container runs confined by it
    }

    @Test
    void capAddSysAdminGrantsMount() {
        Result r = inside(List.of("--cap-add", "SYS_ADMIN"), "grep CapEff /proc/self/status;"
                + " mkdir -p /tmp/m2; mount -t tmpfs none /tmp/m2 && echo mounted; umount /tmp/m2");
        long caps = Long.parseUnsignedLong(status(r, "CapEff"), 16);
        assertEquals(Long.parseUnsignedLong(DOCKER_DEFAULT_CAPS, 16) | 1L << 21, caps, "CAP_SYS_ADMIN is bit 21");
        assertTrue(r.lines().contains("mounted"), r::toString);
    }

    @Test
    void capDropAllLeavesNothing() {
        Result r = inside(List.of("--cap-drop", "ALL"), "grep CapEff /proc/self/status; chown 1000 /tmp 2>&1; echo chown=$?");
        assertEquals("0000000000000000", status(r, "CapEff"));
        assertTrue(r.lines().contains("chown=1"), r::toString);
    }

    @Test
    void privilegedSeesHostDevicesAndHasEveryCapability() throws IOException {
        String device = hostBlockDevice();
        Result plain = inside(List.of(), "ls " + device + " 2>&1; echo ls=$?");
        assertTrue(plain.lines().contains("ls=1"), () -> device + " is not in a default container:\n" + plain);
        Result r = inside(List.of("--privileged"), "ls " + device + " && echo seen; grep -E '^(CapEff|Seccomp):' /proc/self/status");
        assertTrue(r.lines().contains("seen"), r::toString);
        assertEquals("0", status(r, "Seccomp"));
        String hostBounding = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("CapBnd:")).findFirst().orElseThrow().substring(7).strip();
        assertEquals(hostBounding, status(r, "CapEff"), "every capability the daemon holds");
    }

    /** A block device of the host that Docker's default device list does not hold. */
    private static String hostBlockDevice() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/dev"))) {
            return s.filter(p -> {
                try {
                    int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                    return (mode & 0170000) == 0060000;
                } catch (IOException e) {
                    return false;
                }
            }).map(Path::toString).sorted().findFirst()
                    .orElseThrow(() -> new AssertionError("the host has no block device under /dev"));
        }
    }

    @Test
    void seccompBlocksUserNamespacesUnlessUnconfined() {
        Result confined = inside(List.of(), "unshare -U true 2>&1; echo unshare=$?");
        assertFalse(confined.lines().contains("unshare=0"), confined::toString);
        assertTrue(confined.stdout().contains("Operation not permitted"), confined::toString);
        Result unconfined = inside(List.of("--security-opt", "seccomp=unconfined"),
                "unshare -U true 2>&1; echo unshare=$?; grep Seccomp: /proc/self/status");
        assertTrue(unconfined.lines().contains("unshare=0"), unconfined::toString);
        assertEquals("0", status(unconfined, "Seccomp"));
    }

    @Test
    void aSeccompProfileFileAndNoNewPrivileges() throws IOException {
        Path profile = daemon.dir().resolve("no-mkdir.json");
        Files.writeString(profile, """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}]}
                """);
        Result r = inside(List.of("--security-opt", "seccomp=" + profile, "--security-opt", "no-new-privileges"),
                "mkdir /tmp/nope 2>&1; echo mkdir=$?; grep NoNewPrivs: /proc/self/status");
        assertTrue(r.lines().contains("mkdir=1"), r::toString);
        assertTrue(r.stdout().contains("Operation not permitted"), r::toString);
        assertEquals("1", status(r, "NoNewPrivs"));
    }

    @Test
    void namespacedSysctlsUserGroupsDnsAndHosts() {
        Result r = inside(List.of("--sysctl", "kernel.shmmax=123456789", "-u", "1000:1000", "--group-add", "nogroup",
                "--group-add", "4242", "--dns", "10.1.2.3", "--dns-search", "corp.test", "--dns-opt", "ndots:3",
                "--add-host", "db.local:10.9.8.7"),
                "cat /proc/sys/kernel/shmmax; id -u; id -g; id -G; cat /etc/resolv.conf; grep db.local /etc/hosts");
        List<String> lines = r.lines();
        assertEquals("123456789", lines.get(0));
        assertEquals("1000", lines.get(1));
        assertEquals("1000", lines.get(2));
        assertTrue(List.of(lines.get(3).split(" ")).containsAll(List.of("65534", "4242")), r::toString);
        assertTrue(lines.contains("nameserver 10.1.2.3") && lines.contains("search corp.test")
                && lines.contains("options ndots:3"), r::toString);
        assertTrue(lines.contains("10.9.8.7\tdb.local"), r::toString);
    }

    @Test
    void hookSpecRunsPrestartAndPoststopHooksOnTheHost() throws IOException {
        Path dir = daemon.dir().resolve("hooks");
        Files.createDirectories(dir);
        Path hook = dir.resolve("record.sh");
        Files.writeString(hook, "#!/bin/sh\ncat > \"" + dir + "/$1.json\"\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, """
                {"prestart": [{"path": "%1$s", "args": ["record.sh", "prestart"]}],
                 "poststop": [{"path": "%1$s", "args": ["record.sh", "poststop"], "timeout": 10}]}
                """.formatted(hook));
        String name = uniqueName("hook");
        String id = create(name, List.of("--hook-spec", spec.toString()), "true");
        isula.ok("start", name);
        assertEquals("0", isula.ok("wait", name).out());
        Poll.until(java.time.Duration.ofSeconds(10), "the prestart hook's record", () -> Files.exists(dir.resolve("prestart.json")));
        assertTrue(Files.readString(dir.resolve("prestart.json")).contains(id), "the hook got the container's state");
        isula.ok("rm", name);
        Poll.until(java.time.Duration.ofSeconds(10), "the poststop hook's record", () -> Files.exists(dir.resolve("poststop.json")));
        assertNotEquals(0, Files.size(dir.resolve("poststop.json")));
    }
}
