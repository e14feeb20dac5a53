package io.isula.runtime.kata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.spi.ExecSpec;
import io.isula.core.spi.ResourceUpdate;

import java.io.IOException;
import java.nio.file.Path;

/** The OCI JSON documents sent to a shim: an exec's process, and resources for Update. */
final class OciJson {
    static final String PROCESS_TYPE = "types.containerd.io/opencontainers/runtime-spec/1/Process";
    static final String RESOURCES_TYPE = "types.containerd.io/opencontainers/runtime-spec/1/LinuxResources";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OciJson() {
    }

    /** The container's own process (capabilities, rlimits, …) with the exec's command, environment, cwd and user. */
    static byte[] execProcess(Path bundle, ExecSpec spec) throws IOException {
        ObjectNode config = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
        ObjectNode process = config.has("process") ? (ObjectNode) config.get("process") : JSON.createObjectNode();
        ArrayNode args = process.putArray("args");
        spec.args().forEach(args::add);
        ArrayNode env = process.putArray("env");
        spec.env().forEach(env::add);
        if (spec.cwd() != null && !spec.cwd().isEmpty()) {
            process.put("cwd", spec.cwd());
        }
        if (spec.user() != null) {
            ObjectNode user = process.putObject("user");
            user.put("uid", spec.user().uid());
            user.put("gid", spec.user().gid());
            ArrayNode gids = user.putArray("additionalGids");
            spec.user().additionalGids().forEach(gids::add);
        }
        process.put("terminal", spec.terminal());
        process.remove("consoleSize");
        if (spec.terminal() && spec.consoleHeight() > 0 && spec.consoleWidth() > 0) {
            ObjectNode size = process.putObject("consoleSize");
            size.put("height", spec.consoleHeight());
            size.put("width", spec.consoleWidth());
        }
        return JSON.writeValueAsBytes(process);
    }

    static byte[] resources(ResourceUpdate r) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (r.memory() != null || r.memorySwap() != null || r.memoryReservation() != null) {
            ObjectNode m = root.putObject("memory");
            if (r.memory() != null) m.put("limit", r.memory());
            if (r.memorySwap() != null) m.put("swap", r.memorySwap());
            if (r.memoryReservation() != null) m.put("reservation", r.memoryReservation());
        }
        if (r.cpuShares() != null || r.cpuPeriod() != null || r.cpuQuota() != null || r.cpusetCpus() != null
                || r.cpusetMems() != null) {
            ObjectNode c = root.putObject("cpu");
            if (r.cpuShares() != null) c.put("shares", r.cpuShares());
            if (r.cpuQuota() != null) c.put("quota", r.cpuQuota());
            if (r.cpuPeriod() != null) c.put("period", r.cpuPeriod());
            if (r.cpusetCpus() != null) c.put("cpus", r.cpusetCpus());
            if (r.cpusetMems() != null) c.put("mems", r.cpusetMems());
        }
        if (r.blkioWeight() != null) {
            root.putObject("blockIO").put("weight", r.blkioWeight());
        }
        if (r.pidsLimit() != null) {
            root.putObject("pids").put("limit", r.pidsLimit());
        }
        return JSON.writeValueAsBytes(root);
    }
}
