package io.isula.core.util;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory sizes as users write them ({@code 64m}, {@code 1.5g}, {@code 512KiB}, {@code 100}): binary units, as Docker and iSulad. */
public final class ByteSizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kmgtp])?(?:i?b)?", Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "kmgtp";

    private ByteSizes() {
    }

    /**
     * The number of bytes {@code text} names.
     *
     * @throws IllegalArgumentException when it is not a size or does not fit a long
     */
    public static long parse(String text) {
        Matcher m = text == null ? null : SIZE.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("invalid size: '" + text + "'");
        }
        BigDecimal n = new BigDecimal(m.group(1));
        if (m.group(2) != null) {
            int power = UNITS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
            n = n.multiply(BigDecimal.valueOf(1024).pow(power));
        }
        try {
            return n.toBigInteger().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("size out of range: '" + text + "'");
        }
    }

    /** A huge page size as the kernel's hugetlb files name it: 2MB, 1GB, 64KB. */
    public static String pageSizeName(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double v = bytes;
        int i = 0;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return (v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v)) + units[i];
    }
}
