package io.isula.runtime.kata;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShimAddressTest {
    @Test
    void plainAddressOfA1xShim() {
        ShimAddress a = ShimAddress.parse("unix:///run/containerd/s/e20a1b");
        assertEquals(Path.of("/run/containerd/s/e20a1b"), a.socket());
        assertEquals("unix:///run/containerd/s/e20a1b", a.uri());
        assertEquals(a, ShimAddress.parse("unix:///run/containerd/s/e20a1b\n"));
    }

    @Test
    void jsonOfNewerShims() {
        ShimAddress a = ShimAddress.parse("{\"version\":2,\"address\":\"unix:///run/k/s.sock\",\"protocol\":\"ttrpc\"}");
        assertEquals(Path.of("/run/k/s.sock"), a.socket());
    }

    @Test
    void whatThisEngineCannotUseIsRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShimAddress.parse(""))
                .getMessage().contains("no address"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ShimAddress.parse("{\"version\":3,\"address\":\"unix:///s\",\"protocol\":\"ttrpc\"}"))
                .getMessage().contains("version 3"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ShimAddress.parse("{\"version\":2,\"address\":\"unix:///s\",\"protocol\":\"grpc\"}"))
                .getMessage().contains("grpc"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShimAddress.parse("{\"version\":2"))
                .getMessage().contains("malformed JSON"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShimAddress.parse("tcp://1.2.3.4:5"))
                .getMessage().contains("not an absolute unix socket"));
    }
}
