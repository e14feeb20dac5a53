package io.isula.core.internal.security;

import io.isula.core.api.EngineException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapabilitiesTest {
    /** A host whose root lacks CAP_SYS_RESOURCE (bit 24), as the test machine. */
    private final Capabilities caps = new Capabilities(Capabilities.fromMask(0x1fffeffffffL));

    @Test
    void dockersDefaultIsFourteenCapabilities() {
        List<String> d = caps.compute(false, null, null);
        assertEquals(14, d.size());
        long mask = 0;
        for (String c : d) {
            mask |= 1L << Capabilities.KNOWN.indexOf(c);
        }
        assertEquals(0xa80425fbL, mask, "Docker's default CapEff");
    }

    @Test
    void addAndDropAcceptShortAndLowerCaseNames() {
        List<String> c = caps.compute(false, List.of("sys_admin"), List.of("CAP_NET_RAW", "mknod"));
        assertTrue(c.contains("CAP_SYS_ADMIN"));
        assertFalse(c.contains("CAP_NET_RAW"));
        assertFalse(c.contains("CAP_MKNOD"));
    }

    @Test
    void allMeansWhatTheDaemonHolds() {
        assertEquals(List.of(), caps.compute(false, null, List.of("ALL")));
        assertEquals(List.of("CAP_CHOWN"), caps.compute(false, List.of("chown"), List.of("all")));
        List<String> all = caps.compute(false, List.of("ALL"), List.of("SYS_ADMIN"));
        assertFalse(all.contains("CAP_SYS_ADMIN"));
        assertFalse(all.contains("CAP_SYS_RESOURCE"), "root itself lacks it here");
        assertTrue(all.contains("CAP_SYS_MODULE"));
        List<String> privileged = caps.compute(true, null, List.of("ALL"));
        assertEquals(40, privileged.size());
    }

    @Test
    void unknownCapabilitiesAreErrors() {
        assertEquals("Unknown capability to add: 'CAP_FLY'",
                assertThrows(EngineException.class, () -> Capabilities.check(List.of("CAP_FLY"), null)).getMessage());
        assertEquals("Unknown capability to drop: 'nope'",
                assertThrows(EngineException.class, () -> Capabilities.check(null, List.of("nope"))).getMessage());
        assertThrows(EngineException.class, () -> caps.compute(false, List.of("SYS_RESOURCE"), null),
                "the daemon cannot grant what it does not hold");
    }

    @Test
    void boundingMaskOfStatusFile() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("status", "");
        try {
            java.nio.file.Files.writeString(f, "Name:\tx\nCapBnd:\t00000000a80425fb\n");
            assertEquals(0xa80425fbL, Capabilities.boundingMask(f));
            assertEquals(new ArrayList<>(Capabilities.fromMask(0xa80425fbL)).size(), 14);
        } finally {
            java.nio.file.Files.delete(f);
        }
    }
}
