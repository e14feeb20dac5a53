package io.isula.itest.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SecurityTest} again on runtime lcr: capabilities, seccomp, masked paths, no-new-privileges inside lxc. */
class LcrSecurityTest extends SecurityTest {
    @Override
    protected String defaultRuntime() {
        return "lcr";
    }

    /**
     * lxc writes {@code lxc.sysctl.*} after it made the container's /proc/sys read-only, so {@code --sysctl} is refused
     * with a message naming it; user, groups, DNS and hosts work as on runc.
     */
    @Override
    @Test
    void namespacedSysctlsUserGroupsDnsAndHosts() {
        Result refused = isula(withRootfs(List.of("run", "--rm", "--sysctl", "kernel.shmmax=123456789"), "true"));
        assertEquals(125, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("runtime lcr cannot apply OCI option linux.sysctl"), refused::toString);
        Result r = inside(List.of("-u", "1000:1000", "--group-add", "nogroup", "--group-add", "4242", "--dns", "10.1.2.3",
                "--dns-search", "corp.test", "--dns-opt", "ndots:3", "--add-host", "db.local:10.9.8.7"),
                "id -u; id -g; id -G; cat /etc/resolv.conf; grep db.local /etc/hosts");
        List<String> lines = r.lines();
        assertEquals("1000", lines.get(0));
        assertEquals("1000", lines.get(1));
        assertTrue(List.of(lines.get(2).split(" ")).containsAll(List.of("65534", "4242")), r::toString);
        assertTrue(lines.contains("nameserver 10.1.2.3") && lines.contains("search corp.test")
                && lines.contains("options ndots:3"), r::toString);
        assertTrue(lines.contains("10.9.8.7\tdb.local"), r::toString);
    }
}
