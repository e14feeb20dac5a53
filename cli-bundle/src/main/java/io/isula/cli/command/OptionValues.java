package io.isula.cli.command;

import io.isula.cli.CliFailure;
import io.isula.cli.ExitCodes;
import io.isula.cli.args.UsageException;
import io.isula.core.api.HostConfig;
import io.isula.core.util.ByteSizes;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * iSulad's option converters ({@code command_convert_*}): a value that does not convert is
 * {@code Invalid value "V" for flag --NAME} and exit 125, before anything is sent to the daemon.
 */
final class OptionValues {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final long[] UNIT_NANOS = {1, 1_000, 1_000, 1_000_000, 1_000_000_000L, 60_000_000_000L,
        3_600_000_000_000L};
    private static final String[] UNITS = {"ns", "us", "µs", "ms", "s", "m", "h"};

    private OptionValues() {
    }

    static UsageException invalid(String flag, String value) {
        return new UsageException("Invalid value \"" + value + "\" for flag --" + flag);
    }

    /** A memory size, not negative ({@code command_convert_membytes}). */
    static long bytes(String flag, String value) {
        try {
            long v = ByteSizes.parse(value);
            if (v < 0) {
                throw invalid(flag, value);
            }
            return v;
        } catch (IllegalArgumentException e) {
            throw invalid(flag, value);
        }
    }

    /** A memory size or -1 ({@code command_convert_memswapbytes}). */
    static long bytesOrUnlimited(String flag, String value) {
        return value.trim().equals("-1") ? -1 : bytes(flag, value);
    }

    /** -1 or 0..100. */
    static long swappiness(String flag, String value) {
        if (value.trim().equals("-1")) {
            return -1;
        }
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            v = -2;
        }
        if (v < 0 || v > 100) {
            throw new UsageException("Invalid value \"" + value + "\" for flag --" + flag
                    + ". Valid memory swappiness range is 0-100");
        }
        return v;
    }

    static long llong(String flag, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(flag, value);
        }
    }

    static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(flag, value);
        }
    }

    /** 0..65535 ({@code command_convert_u16}). */
    static int u16(String flag, String value) {
        int v;
        try {
            v = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(flag, value);
        }
        if (v < 0 || v > 65535) {
            throw invalid(flag, value);
        }
        return v;
    }

    /** {@code --cpus 1.5}: nano CPUs; must start with a digit ({@code command_convert_nanocpus}). */
    static long nanoCpus(String flag, String value) {
        String v = value.trim();
        if (v.isEmpty() || !Character.isDigit(v.charAt(0))) {
            throw invalid(flag, value);
        }
        try {
            BigDecimal n = new BigDecimal(v).multiply(BigDecimal.valueOf(1_000_000_000L));
            if (n.stripTrailingZeros().scale() > 0) {
                throw invalid(flag, value);
            }
            return n.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(flag, value);
        }
    }

    /** A Go-style duration ({@code 30s}, {@code 1m30s}, {@code 500ms}); nanoseconds, not negative. */
    static long durationNanos(String flag, String value) {
        String v = value.trim();
        if (v.equals("0")) {
            return 0;
        }
        Matcher m = DURATION_PART.matcher(v);
        int at = 0;
        BigDecimal total = BigDecimal.ZERO;
        while (at < v.length() && m.find(at) && m.start() == at) {
            int unit = java.util.Arrays.asList(UNITS).indexOf(m.group(2));
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(UNIT_NANOS[unit])));
            at = m.end();
        }
        if (at == 0 || at != v.length()) {
            throw invalid(flag, value);
        }
        try {
            return total.toBigInteger().longValueExact();
        } catch (ArithmeticException e) {
            throw invalid(flag, value);
        }
    }

    /** {@code --restart no|always|unless-stopped|on-reboot|on-failure[:N]}; the daemon checks the name. */
    static HostConfig.RestartPolicy restartPolicy(String value) {
        int colon = value.indexOf(':');
        int max = 0;
        if (colon >= 0) {
            try {
                max = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new UsageException("Invalid value \"" + value + "\" for flag --restart: maximum retry count"
                        + " must be an integer");
            }
        }
        return new HostConfig.RestartPolicy(colon < 0 ? value : value.substring(0, colon), max);
    }

    /** {@code -e} values: {@code K=V} as given, a bare {@code K} takes the client's value (dropped when unset). */
    static List<String> environment(List<String> given, Map<String, String> clientEnv) {
        List<String> out = new ArrayList<>();
        for (String e : given) {
            if (e.indexOf('=') > 0) {
                out.add(e);
            } else if (e.isEmpty() || e.startsWith("=")) {
                throw new CliFailure(ExitCodes.INVALID, "invalid environment variable: \"" + e + "\"");
            } else if (clientEnv.containsKey(e)) {
                out.add(e + "=" + clientEnv.get(e));
            }
        }
        return out;
    }
}
