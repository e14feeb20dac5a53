package io.isula.runtime.lxc;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An OCI {@code linux.seccomp} object as lxc's seccomp policy text (version 2): an allowlist when the default action
 * refuses, a denylist when it allows, one line per syscall with its action and argument conditions
 * ({@code [index,value,op,valueTwo]}), for every architecture of the host ({@code [all]}).
 */
final class SeccompText {
    private static final Set<String> OPS = Set.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
            "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ");
    private static final Pattern SYSCALL_NAME = Pattern.compile("[a-z0-9_]+");
    private static final Set<String> KNOWN = Set.of("defaultAction", "defaultErrnoRet", "architectures", "syscalls",
            "flags", "listenerPath", "listenerMetadata");

    private SeccompText() {
    }

    static String of(JsonNode seccomp) {
        for (Iterator<String> it = seccomp.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!KNOWN.contains(f)) {
                throw new UnsupportedOption("linux.seccomp." + f, "lxc has no such seccomp setting");
            }
        }
        if (seccomp.path("flags").size() > 0) {
            throw new UnsupportedOption("linux.seccomp.flags", "lxc sets no seccomp filter flags");
        }
        if (!seccomp.path("listenerPath").asText("").isEmpty()) {
            throw new UnsupportedOption("linux.seccomp.listenerPath", "lxc's seccomp notifier is configured differently");
        }
        int defaultErrno = seccomp.path("defaultErrnoRet").asInt(1);
        String defaultAction = seccomp.path("defaultAction").asText("");
        boolean denylist = defaultAction.equals("SCMP_ACT_ALLOW");
        StringBuilder sb = new StringBuilder("2\n");
        sb.append(denylist ? "denylist" : "allowlist " + action(defaultAction, defaultErrno, "defaultAction")).append('\n');
        sb.append("[all]\n");
        for (JsonNode rule : seccomp.path("syscalls")) {
            String action = action(rule.path("action").asText(""), rule.path("errnoRet").asInt(defaultErrno),
                    "linux.seccomp.syscalls.action");
            StringBuilder args = new StringBuilder();
            for (JsonNode a : rule.path("args")) {
                String op = a.path("op").asText("");
                if (!OPS.contains(op)) {
                    throw new UnsupportedOption("linux.seccomp.syscalls.args.op", "unknown operator '" + op + "'");
                }
                args.append(" [").append(a.path("index").asLong()).append(',').append(a.path("value").asText("0"))
                        .append(',').append(op).append(',').append(a.path("valueTwo").asText("0")).append(']');
            }
            for (JsonNode name : rule.path("names")) {
                String n = name.asText();
                if (!SYSCALL_NAME.matcher(n).matches()) {
                    throw new UnsupportedOption("linux.seccomp.syscalls.names", "bad syscall name '" + n + "'");
                }
                sb.append(n).append(' ').append(action).append(args).append('\n');
            }
        }
        return sb.toString();
    }

    private static String action(String oci, int errno, String option) {
        Map<String, String> simple = Map.of("SCMP_ACT_ALLOW", "allow", "SCMP_ACT_KILL", "kill",
                "SCMP_ACT_KILL_THREAD", "kill", "SCMP_ACT_TRAP", "trap", "SCMP_ACT_LOG", "log");
        if (oci.equals("SCMP_ACT_ERRNO")) {
            return "errno " + errno;
        }
        String a = simple.get(oci);
        if (a == null) {
            throw new UnsupportedOption(option, "lxc has no seccomp action for '" + oci + "'");
        }
        return a;
    }
}
