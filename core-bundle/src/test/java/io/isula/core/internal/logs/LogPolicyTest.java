package io.isula.core.internal.logs;

import io.isula.core.api.DaemonSettings;
import io.isula.core.api.EngineException;
import io.isula.core.api.HostConfig;
import io.isula.core.spi.ContainerLog;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogPolicyTest {
    private static DaemonSettings settings(Map<String, Object> raw) {
        return new DaemonSettings(Path.of("/g"), Path.of("/s"), List.of(), "runc", "info", Map.of(), raw);
    }

    private static HostConfig.LogConfig opts(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new HostConfig.LogConfig(null, m);
    }

    @Test
    void iSuladsDefaultsAreOneMegabyteAndSevenFiles() {
        assertEquals(new ContainerLog(false, 1 << 20, 7), LogPolicy.of(settings(Map.of())).resolve(null));
    }

    @Test
    void daemonJsonContainerLogOptsAreTheDefaults() {
        LogPolicy p = LogPolicy.of(settings(Map.of("container-log",
                Map.of("driver", "json-file", "opts", Map.of("max-size", "30KB", "max-file", "2")))));
        assertEquals(new ContainerLog(false, 30 * 1024, 2), p.resolve(null));
        assertEquals(new ContainerLog(false, 10 * 1024, 2), p.resolve(opts("max-size", "10k")));
        assertEquals(new ContainerLog(true, 30 * 1024, 2), p.resolve(opts("disable-log", "true")));
    }

    @Test
    void sizesTakeIsuladsUnits() {
        assertEquals(100, LogPolicy.size("100"));
        assertEquals(1536, LogPolicy.size("1.5k"));
        assertEquals(3L << 20, LogPolicy.size("3MB"));
        assertEquals(1L << 30, LogPolicy.size("1g"));
        assertEquals(0, LogPolicy.size("-1"));
    }

    @Test
    void badOptionsAreRefusedByName() {
        LogPolicy p = LogPolicy.of(settings(Map.of()));
        assertTrue(assertThrows(EngineException.class, () -> p.resolve(opts("max-size", "lots"))).getMessage()
                .contains("max-size"));
        assertTrue(assertThrows(EngineException.class, () -> p.resolve(opts("max-file", "0"))).getMessage()
                .contains("max-file"));
        assertTrue(assertThrows(EngineException.class, () -> p.resolve(opts("disable-log", "maybe"))).getMessage()
                .contains("disable-log"));
        assertTrue(assertThrows(EngineException.class, () -> p.resolve(opts("colour", "red"))).getMessage()
                .contains("colour"));
        assertTrue(assertThrows(EngineException.class,
                () -> p.resolve(new HostConfig.LogConfig("syslog", null))).getMessage().contains("syslog"));
        assertThrows(EngineException.class, () -> LogPolicy.of(settings(Map.of("container-log",
                Map.of("opts", Map.of("max-file", "x"))))));
    }
}
