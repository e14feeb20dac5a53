package io.isula.core.internal.security;

import io.isula.core.api.EngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code --security-opt} entries, as Docker and iSulad take them ({@code key=value} or {@code key:value}):
 * {@code seccomp=unconfined|PROFILE-JSON|/abs/profile.json}, {@code no-new-privileges[=true|false]},
 * {@code systempaths=unconfined}, {@code label=disable}, {@code apparmor=unconfined}. SELinux and AppArmor are not
 * enabled here, so any other label or profile is refused.
 *
 * @param seccomp      null: the default profile; "unconfined": none; else the profile's JSON text
 * @param unmaskPaths  {@code systempaths=unconfined}: no masked or read-only /proc and /sys paths
 */
public record SecurityOptions(String seccomp, boolean noNewPrivileges, boolean unmaskPaths) {
    public static final String UNCONFINED = "unconfined";
    private static final long MAX_PROFILE = 1L << 20;

    public static SecurityOptions parse(List<String> options) {
        String seccomp = null;
        boolean nnp = false;
        boolean unmask = false;
        if (options == null) {
            return new SecurityOptions(null, false, false);
        }
        for (String opt : options) {
            if (opt == null || opt.isBlank()) {
                throw invalid(opt);
            }
            if (opt.equals("no-new-privileges")) {
                nnp = true;
                continue;
            }
            int sep = separator(opt);
            if (sep < 0) {
                throw invalid(opt);
            }
            String key = opt.substring(0, sep);
            String value = opt.substring(sep + 1);
            switch (key) {
                case "seccomp" -> seccomp = seccomp(value);
                case "no-new-privileges" -> nnp = bool(value, opt);
                case "systempaths" -> {
                    if (!value.equals(UNCONFINED)) {
                        throw invalid(opt);
                    }
                    unmask = true;
                }
                case "label" -> {
                    if (!value.equals("disable")) {
                        throw EngineException.invalid("Invalid --security-opt " + opt
                                + ": SELinux is not enabled, only label=disable is accepted");
                    }
                }
                case "apparmor" -> {
                    if (!value.equals(UNCONFINED)) {
                        throw EngineException.invalid("Invalid --security-opt " + opt
                                + ": AppArmor is not enabled, only apparmor=unconfined is accepted");
                    }
                }
                default -> throw invalid(opt);
            }
        }
        return new SecurityOptions(seccomp, nnp, unmask);
    }

    /** The first '=' or ':' (Docker's older form), whichever comes first; a JSON profile holds both later. */
    private static int separator(String opt) {
        int eq = opt.indexOf('=');
        int colon = opt.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    private static String seccomp(String value) {
        String v = value.trim();
        if (v.equals(UNCONFINED)) {
            return UNCONFINED;
        }
        if (v.startsWith("{")) {
            return v;
        }
        if (v.startsWith("/")) {
            Path p = Path.of(v);
            try {
                if (!Files.isRegularFile(p) || Files.size(p) > MAX_PROFILE) {
                    throw EngineException.invalid("Invalid seccomp profile " + v
                            + ": not a regular file of at most 1 MiB");
                }
                return Files.readString(p);
            } catch (IOException e) {
                throw EngineException.invalid("Cannot read seccomp profile " + v + ": " + e.getMessage());
            }
        }
        throw EngineException.invalid("Invalid seccomp profile '" + abbreviate(v)
                + "': give unconfined, an absolute file path or the profile's JSON");
    }

    private static boolean bool(String v, String opt) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw invalid(opt);
        };
    }

    private static EngineException invalid(String opt) {
        return EngineException.invalid("Invalid --security-opt: " + abbreviate(String.valueOf(opt)));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
