package io.isula.core.internal.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.api.EngineException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A seccomp profile in Docker's format (what {@code --security-opt seccomp=FILE} takes, and our default), turned into
 * the OCI spec's {@code linux.seccomp} for one container: rules whose {@code includes}/{@code excludes} do not fit
 * the container's capabilities, the host's architecture or its kernel are left out; {@code archMap} becomes the
 * list of architectures. A profile already in the OCI format (no conditions) passes through.
 */
public final class SeccompProfile {
    private static final String DEFAULT_RESOURCE = "seccomp-default.json";
    private static final Set<String> ACTIONS = Set.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
            "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY");
    private static final Set<String> OPS = Set.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
            "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ");

    private final JsonNode profile;

    private SeccompProfile(JsonNode profile) {
        this.profile = profile;
    }

    /** The default profile shipped with the kernel. */
    public static SeccompProfile defaultProfile(ObjectMapper json) {
        try (InputStream in = SeccompProfile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default seccomp profile " + DEFAULT_RESOURCE + " is missing");
            }
            return new SeccompProfile(json.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the default seccomp profile", e);
        }
    }

    /** A user's profile (the JSON text); a malformed one is an error naming the problem. */
    public static SeccompProfile parse(ObjectMapper json, String text) {
        JsonNode tree;
        try {
            tree = json.readTree(text);
        } catch (IOException e) {
            throw EngineException.invalid("Decoding seccomp profile failed: " + firstLine(e.getMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw EngineException.invalid("Decoding seccomp profile failed: the profile must be a JSON object");
        }
        SeccompProfile p = new SeccompProfile(tree);
        p.check();
        return p;
    }

    private void check() {
        String def = profile.path("defaultAction").asText("");
        if (!ACTIONS.contains(def)) {
            throw EngineException.invalid("Decoding seccomp profile failed: invalid defaultAction '" + def + "'");
        }
        JsonNode calls = profile.path("syscalls");
        if (!calls.isMissingNode() && !calls.isNull() && !calls.isArray()) {
            throw EngineException.invalid("Decoding seccomp profile failed: syscalls must be an array");
        }
        for (JsonNode call : calls) {
            if (!ACTIONS.contains(call.path("action").asText(""))) {
                throw EngineException.invalid("Decoding seccomp profile failed: invalid action '"
                        + call.path("action").asText("") + "' for " + names(call));
            }
            if (names(call).isEmpty()) {
                throw EngineException.invalid("Decoding seccomp profile failed: a rule names no system call");
            }
            for (JsonNode arg : call.path("args")) {
                if (!OPS.contains(arg.path("op").asText(""))) {
                    throw EngineException.invalid("Decoding seccomp profile failed: invalid operator '"
                            + arg.path("op").asText("") + "' for " + names(call));
                }
            }
        }
    }

    /**
     * The OCI {@code linux.seccomp} object for a container holding {@code caps} on {@code host}; sub-architectures
     * of {@code archMap} that the host's kernel cannot run are left out.
     */
    public ObjectNode toOci(ObjectMapper json, Collection<String> caps, SeccompHost host) {
        String arch = host.goArch();
        String kernel = host.kernel();
        ObjectNode out = json.createObjectNode();
        out.put("defaultAction", profile.path("defaultAction").asText());
        if (profile.has("defaultErrnoRet")) {
            out.put("defaultErrnoRet", profile.get("defaultErrnoRet").asInt());
        }
        ArrayNode arches = out.putArray("architectures");
        architectures(arch, host.runnableArchitectures()).forEach(arches::add);
        ArrayNode calls = out.putArray("syscalls");
        for (JsonNode call : profile.path("syscalls")) {
            if (!applies(call.path("includes"), call.path("excludes"), caps, arch, kernel)) {
                continue;
            }
            ObjectNode c = calls.addObject();
            ArrayNode names = c.putArray("names");
            names(call).forEach(names::add);
            c.put("action", call.path("action").asText());
            if (call.has("errnoRet")) {
                c.put("errnoRet", call.get("errnoRet").asInt());
            }
            if (call.has("args") && call.get("args").size() > 0) {
                ArrayNode args = c.putArray("args");
                for (JsonNode a : call.get("args")) {
                    ObjectNode arg = args.addObject();
                    arg.put("index", a.path("index").asInt());
                    arg.put("value", a.path("value").asLong());
                    if (a.has("valueTwo")) {
                        arg.put("valueTwo", a.get("valueTwo").asLong());
                    }
                    arg.put("op", a.path("op").asText());
                }
            }
        }
        return out;
    }

    /** From {@code archMap} the entry of this host (with its sub-architectures), else {@code architectures}. */
    private List<String> architectures(String goArch, Predicate<String> runnable) {
        String hostEntry = scmpArch(goArch);
        List<String> out = new ArrayList<>();
        for (JsonNode m : profile.path("archMap")) {
            if (m.path("architecture").asText().equals(hostEntry)) {
                out.add(hostEntry);
                for (JsonNode sub : m.path("subArchitectures")) {
                    if (runnable.test(sub.asText())) {
                        out.add(sub.asText());
                    }
                }
            }
        }
        if (out.isEmpty()) {
            profile.path("architectures").forEach(a -> out.add(a.asText()));
        }
        return out;
    }

    private static boolean applies(JsonNode includes, JsonNode excludes, Collection<String> caps, String arch,
                                   String kernel) {
        for (JsonNode c : includes.path("caps")) {
            if (!caps.contains(c.asText())) {
                return false;
            }
        }
        if (includes.path("arches").size() > 0 && !contains(includes.path("arches"), arch)) {
            return false;
        }
        String min = includes.path("minKernel").asText("");
        if (!min.isEmpty() && compareVersions(kernel, min) < 0) {
            return false;
        }
        for (JsonNode c : excludes.path("caps")) {
            if (caps.contains(c.asText())) {
                return false;
            }
        }
        return !contains(excludes.path("arches"), arch);
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> names(JsonNode call) {
        List<String> out = new ArrayList<>();
        call.path("names").forEach(n -> out.add(n.asText()));
        if (call.hasNonNull("name")) {
            out.add(call.get("name").asText());
        }
        return out;
    }

    /** Compares dotted numeric versions ("6.1.0-13-amd64" reads as 6.1.0). */
    static int compareVersions(String a, String b) {
        int[] x = numbers(a);
        int[] y = numbers(b);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int d = Integer.compare(i < x.length ? x[i] : 0, i < y.length ? y[i] : 0);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

    private static int[] numbers(String version) {
        String core = version.split("[^0-9.]", 2)[0];
        String[] parts = core.split("\\.");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = parts[i].isEmpty() ? 0 : Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                out[i] = 0;
            }
        }
        return out;
    }

    /** The libseccomp name of a Go architecture. */
    static String scmpArch(String goArch) {
        return switch (goArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "SCMP_ARCH_X86_64";
            case "386", "x86" -> "SCMP_ARCH_X86";
            case "arm64", "aarch64" -> "SCMP_ARCH_AARCH64";
            case "arm" -> "SCMP_ARCH_ARM";
            case "s390x" -> "SCMP_ARCH_S390X";
            case "ppc64le" -> "SCMP_ARCH_PPC64LE";
            case "riscv64" -> "SCMP_ARCH_RISCV64";
            case "mips64" -> "SCMP_ARCH_MIPS64";
            case "mips64le" -> "SCMP_ARCH_MIPSEL64";
            default -> "SCMP_ARCH_" + goArch.toUpperCase(Locale.ROOT);
        };
    }

    /** The Go architecture name of this JVM's host. */
    public static String hostArch() {
        String a = System.getProperty("os.arch", "amd64");
        return switch (a) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed JSON";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
