package io.isula.image.oci.store;

import io.isula.core.api.EngineException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemovalRulesTest {
    private static final String ID = "d".repeat(64);
    private static final String DIGEST = "sha256:" + "e".repeat(64);
    private static final String BUSYBOX = "docker.io/library/busybox:latest";
    private static final String BUSYBOX_OLD = "docker.io/library/busybox:1.36";
    private static final String BUSYBOX_AT = "docker.io/library/busybox@" + DIGEST;
    private static final String OTHER = "docker.io/library/other:latest";

    private static ImageRecord image(List<String> names, List<String> digests) {
        return new ImageRecord(ID, names, digests, null, null, List.of(), 0, null);
    }

    @Test
    void untaggingOneOfSeveralNamesKeepsTheImage() {
        RemovalRules.Plan plan = RemovalRules.plan(image(List.of(BUSYBOX, OTHER), List.of()), BUSYBOX, false);
        assertEquals(List.of(BUSYBOX), plan.untag());
        assertFalse(plan.deleteImage());
    }

    @Test
    void lastTagOfARepositoryTakesItsDigestsAlong() {
        RemovalRules.Plan plan = RemovalRules.plan(image(List.of(BUSYBOX), List.of(BUSYBOX_AT)), BUSYBOX, false);
        assertEquals(List.of(BUSYBOX, BUSYBOX_AT), plan.untag());
        assertTrue(plan.deleteImage());
        RemovalRules.Plan keep = RemovalRules.plan(image(List.of(BUSYBOX, BUSYBOX_OLD), List.of(BUSYBOX_AT)), BUSYBOX, false);
        assertEquals(List.of(BUSYBOX), keep.untag());
        assertFalse(keep.deleteImage());
    }

    @Test
    void byIdRemovesOneRepositoryButNeedsForceForSeveral() {
        RemovalRules.Plan single = RemovalRules.plan(image(List.of(BUSYBOX), List.of(BUSYBOX_AT)), null, false);
        assertEquals(List.of(BUSYBOX, BUSYBOX_AT), single.untag());
        assertTrue(single.deleteImage());
        ImageRecord two = image(List.of(BUSYBOX, OTHER), List.of());
        EngineException e = assertThrows(EngineException.class, () -> RemovalRules.plan(two, null, false));
        assertEquals(EngineException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains("must be forced"), e.getMessage());
        assertTrue(RemovalRules.plan(two, null, true).deleteImage());
        assertTrue(RemovalRules.plan(image(List.of(), List.of()), null, false).deleteImage());
        assertFalse(RemovalRules.isSingleReference(List.of(BUSYBOX, BUSYBOX_OLD)));
        assertTrue(RemovalRules.isSingleReference(List.of(BUSYBOX)));
    }
}
