package io.isula.core.util;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteSizesTest {
    @Test
    void binaryUnitsInAnyCase() {
        assertEquals(100, ByteSizes.parse("100"));
        assertEquals(100, ByteSizes.parse("100b"));
        assertEquals(32L << 20, ByteSizes.parse("32m"));
        assertEquals(32L << 20, ByteSizes.parse("32MB"));
        assertEquals(32L << 20, ByteSizes.parse("32MiB"));
        assertEquals(3L << 29, ByteSizes.parse("1.5g"));
        assertEquals(2048, ByteSizes.parse("2 k"));
        assertEquals(1L << 50, ByteSizes.parse("1p"));
    }

    @Test
    void badSizes() {
        for (String bad : new String[] {"", "abc", "-1", "1x", "1.2.3m", "m", "1e9", "99999999999p"}) {
            assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse(null));
    }

    @Test
    void pageSizeNames() {
        assertEquals("2MB", ByteSizes.pageSizeName(2L << 20));
        assertEquals("1GB", ByteSizes.pageSizeName(1L << 30));
        assertEquals("64KB", ByteSizes.pageSizeName(64L << 10));
    }
}
