package io.isula.image.oci.store;

import io.isula.image.oci.model.Digest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChainIdsTest {
    private static final Digest A = Digest.parse("sha256:" + "a".repeat(64));
    private static final Digest B = Digest.parse("sha256:" + "b".repeat(64));
    private static final Digest C = Digest.parse("sha256:" + "c".repeat(64));

    @Test
    void baseLayerChainIdIsItsDiffId() {
        assertEquals(A, ChainIds.chainId(null, A));
    }

    /** Expected values computed with {@code printf 'sha256:aaa… sha256:bbb…' | sha256sum}. */
    @Test
    void upperLayersHashParentSpaceDiffId() {
        Digest c1 = Digest.parse("sha256:ccd722928bd92476ba1745586fed6e45a102504185ad88cd89e01ff116fd146c");
        Digest c2 = Digest.parse("sha256:c1377126441fb2f5ec2c21ae2a60255331d639e830f0ee1b40a36e52d4c40588");
        assertEquals(c1, ChainIds.chainId(A, B));
        assertEquals(List.of(A, c1, c2), ChainIds.chainIds(List.of(A, B, C)));
        assertEquals(List.of(), ChainIds.chainIds(List.of()));
    }
}
