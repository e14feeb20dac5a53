package io.isula.core.util.conmon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.spi.ExecSpec;
import io.isula.core.util.JsonFields;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The OCI process of an exec: the container's own process from its bundle (capabilities, rlimits, apparmor,
 * no-new-privileges…) with the exec's command, environment, directory, user and terminal.
 */
public final class ExecProcessSpec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExecProcessSpec() {
    }

    public static byte[] from(Path bundleConfig, ExecSpec spec) throws IOException {
        JsonNode process = JsonFields.pick(JSON, Files.readAllBytes(bundleConfig), List.of("process")).get("process");
        if (process == null || !process.isObject()) {
            throw new IOException(bundleConfig + " has no process");
        }
        return JSON.writeValueAsBytes(apply((ObjectNode) process, spec));
    }

    static ObjectNode apply(ObjectNode p, ExecSpec spec) {
        p.put("terminal", spec.terminal());
        if (spec.terminal() && spec.consoleHeight() > 0 && spec.consoleWidth() > 0) {
            ObjectNode size = p.putObject("consoleSize");
            size.put("height", spec.consoleHeight());
            size.put("width", spec.consoleWidth());
        } else {
            p.remove("consoleSize");
        }
        ArrayNode args = p.putArray("args");
        spec.args().forEach(args::add);
        ArrayNode env = p.putArray("env");
        spec.env().forEach(env::add);
        if (spec.cwd() != null && !spec.cwd().isEmpty()) {
            p.put("cwd", spec.cwd());
        }
        if (spec.user() != null) {
            ObjectNode user = p.putObject("user");
            user.put("uid", spec.user().uid());
            user.put("gid", spec.user().gid());
            if (!spec.user().additionalGids().isEmpty()) {
                ArrayNode gids = user.putArray("additionalGids");
                spec.user().additionalGids().forEach(gids::add);
            }
        }
        return p;
    }
}
