package io.isula.runtime.lxc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * OCI hooks as lxc hooks. lxc runs a hook with its own arguments and no state on stdin, so each OCI hook gets a small
 * script that gives the hook what the OCI spec promises: its path, args (after the first, which is its name), its
 * environment only, its timeout, and the container's state JSON on stdin. prestart and createRuntime run on the
 * host once the container's namespaces exist ({@code start-host}, with the init pid), createContainer in the
 * container's mount namespace before the pivot ({@code mount}), poststop on the host after the stop.
 */
final class OciHooks {
    /** An lxc hook: the config key and the script's file name and text. */
    record Script(String lxcKey, String fileName, String text) {
    }

    private static final Map<String, String> LXC_HOOK = Map.of(
            "createRuntime", "lxc.hook.start-host",
            "prestart", "lxc.hook.start-host",
            "createContainer", "lxc.hook.mount",
            "poststop", "lxc.hook.post-stop");
    private static final List<String> ORDER = List.of("createRuntime", "prestart", "createContainer", "poststop");
    private static final ObjectMapper JSON = new ObjectMapper();

    private OciHooks() {
    }

    static List<Script> of(JsonNode hooks, String id, Path bundle) {
        for (Iterator<String> it = hooks.fieldNames(); it.hasNext(); ) {
            String type = it.next();
            if (!LXC_HOOK.containsKey(type) && hooks.get(type).size() > 0) {
                throw new UnsupportedOption("hooks." + type, "lxc has no hook at that point of a container's life");
            }
        }
        List<Script> out = new ArrayList<>();
        for (String type : ORDER) {
            int n = 0;
            for (JsonNode hook : hooks.path(type)) {
                out.add(new Script(LXC_HOOK.get(type), "hook-" + type + "-" + n++, script(type, hook, id, bundle)));
            }
        }
        return out;
    }

    /**
     * {@code linux.sysctl} as a host hook: the container's namespaced sysctls are written from the host, in the
     * container's net, ipc and uts namespaces (nsenter), before its command runs; a refused one fails the start.
     */
    static Script sysctls(JsonNode sysctls) {
        StringBuilder sb = new StringBuilder("#!/bin/sh\n# linux.sysctl, written in the container's namespaces\nset -e\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = sysctls.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (!key.matches("[a-z0-9_]+(\\.[a-z0-9_-]+)+")) {
                throw new UnsupportedOption("linux.sysctl", "'" + key + "' is not a sysctl name");
            }
            String file = "/proc/sys/" + key.replace('.', '/');
            sb.append("nsenter -t \"$LXC_PID\" -n -i -u -- sh -c 'printf \"%s\\n\" \"$0\" > \"$1\"' ")
                    .append(ShellWords.quote(e.getValue().asText())).append(' ').append(ShellWords.quote(file))
                    .append(" || { echo ").append(ShellWords.quote("cannot set sysctl " + key)).append(" >&2; exit 1; }\n");
        }
        return new Script("lxc.hook.start-host", "hook-sysctl", sb.toString());
    }

    private static String script(String type, JsonNode hook, String id, Path bundle) {
        String path = hook.path("path").asText("");
        if (!path.startsWith("/")) {
            throw new UnsupportedOption("hooks." + type + ".path", "'" + path + "' is not absolute");
        }
        ObjectNode state = JSON.createObjectNode().put("ociVersion", "1.0.2").put("id", id)
                .put("status", type.equals("poststop") ? "stopped" : "created").put("pid", 0)
                .put("bundle", bundle.toString());
        String json = state.toString();
        // the pid is the init's, which only lxc knows when the hook runs (LXC_PID)
        String before = json.substring(0, json.indexOf("\"pid\":0") + "\"pid\":".length());
        String after = json.substring(json.indexOf("\"pid\":0") + "\"pid\":0".length());
        List<String> cmd = new ArrayList<>();
        if (hook.path("timeout").asInt(0) > 0) {
            cmd.addAll(List.of("timeout", "-s", "KILL", Integer.toString(hook.path("timeout").asInt())));
        }
        cmd.addAll(List.of("env", "-i"));
        hook.path("env").forEach(e -> cmd.add(e.asText()));
        cmd.add(path);
        List<String> args = new ArrayList<>();
        hook.path("args").forEach(a -> args.add(a.asText()));
        cmd.addAll(args.isEmpty() ? List.of() : args.subList(1, args.size()));
        StringBuilder sb = new StringBuilder("#!/bin/sh\n# OCI ").append(type).append(" hook, run by lxc\n");
        sb.append("printf '%s%s%s' ").append(ShellWords.quote(before)).append(" \"${LXC_PID:-0}\" ")
                .append(ShellWords.quote(after)).append(" |");
        for (String word : cmd) {
            sb.append(' ').append(ShellWords.quote(word));
        }
        return sb.append('\n').toString();
    }
}
