package io.isula.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class IsuladMainTest {
    @Test
    void flagsBecomeFrameworkProperties() throws Exception {
        IsuladMain.Options o = IsuladMain.parse(new String[] {"-H", "unix:///a.sock", "--host=unix:///b.sock", "-g", "/g",
                "--state", "/s", "--config-file=/etc/d.json", "-l", "debug", "-p", "/p.pid", "--default-runtime", "lcr"});
        assertEquals(Map.of("isula.hosts", "unix:///a.sock,unix:///b.sock", "isula.graph", "/g", "isula.state", "/s",
                "isula.config.file", "/etc/d.json", "isula.log.level", "DEBUG", "isula.pidfile", "/p.pid",
                "isula.default.runtime", "lcr"), o.props());
        assertFalse(o.console());
    }

    @Test
    void onlyGivenFlagsAreSetAndPathsAreAbsolute() throws Exception {
        IsuladMain.Options o = IsuladMain.parse(new String[] {"-Srel/state", "--console"});
        assertEquals(Map.of("isula.state", Path.of("rel/state").toAbsolutePath().toString()), o.props());
        assertTrue(o.console());
        assertTrue(IsuladMain.parse(new String[] {"-V"}).version());
        assertTrue(IsuladMain.parse(new String[] {"--help"}).help());
    }

    @Test
    void badCommandLinesAreUsageErrors() {
        assertThrows(IsuladMain.UsageException.class, () -> IsuladMain.parse(new String[] {"--bogus"}));
        assertThrows(IsuladMain.UsageException.class, () -> IsuladMain.parse(new String[] {"-g"}));
        assertThrows(IsuladMain.UsageException.class, () -> IsuladMain.parse(new String[] {"-l", "LOUD"}));
        assertThrows(IsuladMain.UsageException.class, () -> IsuladMain.parse(new String[] {"--console=yes"}));
        assertThrows(IsuladMain.UsageException.class, () -> IsuladMain.parse(new String[] {"--graph="}));
    }

    @Test
    void readsTopLevelStringsOfDaemonJson() {
        String json = "{ \"state\" : \"/run/x\", \"log-level\":\"WARN\", \"log-opts\": {\"log-path\": \"/v\"}, \"pidfile\": \"\" }";
        assertEquals("/run/x", IsuladMain.jsonString(json, "state"));
        assertEquals("WARN", IsuladMain.jsonString(json, "log-level"));
        assertNull(IsuladMain.jsonString(json, "pidfile"));
        assertNull(IsuladMain.jsonString(json, "graph"));
    }
}
