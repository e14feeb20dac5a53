package io.isula.image.oci;

import io.isula.core.api.ImageHistoryItem;
import io.isula.image.oci.store.ImageRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageViewsTest {
    private static final String ID = "a".repeat(64);
    private static final String L1 = "1".repeat(64);
    private static final String L2 = "2".repeat(64);
    private final ImageRecord image = new ImageRecord(ID, List.of("docker.io/library/app:1"), List.of(),
            "2026-01-02T00:00:00Z", null, List.of(L1, L2), 300, null);

    @Test
    void historyStepsGetTheLayersTheyMadeNewestFirst() throws IOException {
        byte[] config = ("{\"history\":["
                + "{\"created\":\"2026-01-01T00:00:00Z\",\"created_by\":\"ADD rootfs\"},"
                + "{\"created\":\"2026-01-01T00:00:01Z\",\"created_by\":\"ENV A=B\",\"empty_layer\":true},"
                + "{\"created\":\"2026-01-01T00:00:02Z\",\"created_by\":\"RUN make\",\"comment\":\"built\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        List<ImageHistoryItem> steps = ImageViews.history(image, config, List.of(100L, 200L));
        long t0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
        assertEquals(List.of(
                new ImageHistoryItem("sha256:" + ID, t0 + 2, "RUN make", List.of("app:1"), 200, "built"),
                new ImageHistoryItem("<missing>", t0 + 1, "ENV A=B", List.of(), 0, ""),
                new ImageHistoryItem("<missing>", t0, "ADD rootfs", List.of(), 100, "")), steps);
    }

    @Test
    void withoutHistoryEachLayerIsAStep() throws IOException {
        List<ImageHistoryItem> steps = ImageViews.history(image, "{}".getBytes(StandardCharsets.UTF_8),
                List.of(100L, 200L));
        long created = Instant.parse("2026-01-02T00:00:00Z").getEpochSecond();
        assertEquals(List.of(new ImageHistoryItem("sha256:" + ID, created, "", List.of("app:1"), 200, ""),
                new ImageHistoryItem("<missing>", created, "", List.of(), 100, "")), steps);
    }
}
