package io.isula.core.internal.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.api.ContainerStatus;
import io.isula.core.api.ContainerUpdate;
import io.isula.core.api.EngineException;
import io.isula.core.api.HostConfig;
import io.isula.core.internal.hostconfig.HostConfigValidator;
import io.isula.core.internal.spec.ResourcesSpec;
import io.isula.core.internal.store.ContainerRecord;
import io.isula.core.internal.store.ContainerStore;
import io.isula.core.spi.ResourceUpdate;
import io.isula.core.spi.RuntimeProvider;
import io.isula.core.util.AtomicFiles;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code update}: checks the new limits against the container's, changes the cgroups of a running container through
 * its runtime, then stores the settings (hostconfig.json) and the bundle's {@code linux.resources} so the next start
 * keeps them. A refused update changes nothing.
 */
final class ContainerUpdater {
    private static final List<String> LIMIT_KEYS = List.of("memory", "cpu", "pids", "blockIO", "hugepageLimits");

    private final HostConfigValidator validator;
    private final ResourcesSpec resources;
    private final ContainerStore store;

    ContainerUpdater(HostConfigValidator validator, ResourcesSpec resources, ContainerStore store) {
        this.validator = validator;
        this.resources = resources;
        this.store = store;
    }

    /** Runs under the container's operation lock; {@code runtime} is asked for only when the container runs. */
    List<String> update(ContainerRecord c, ContainerUpdate u, Supplier<RuntimeProvider> runtime) {
        HostConfig current = c.hostConfig();
        validator.checkUpdate(u, current);
        HostConfig next = merge(current, u);
        validator.check(next);
        List<String> warnings = new ArrayList<>();
        ContainerStatus status = c.status();
        if (status == ContainerStatus.RUNNING || status == ContainerStatus.PAUSED) {
            ResourceUpdate change = change(u, next);
            if (change != null) {
                runtime.get().update(c.handle(), change);
            }
        }
        try {
            rewriteSpec(c, next);
        } catch (IOException e) {
            throw EngineException.internal("cannot store the new limits of " + c.id() + ": " + e.getMessage(), e);
        }
        c.updateHostConfig(next);
        store.saveHostConfig(c);
        if (Boolean.TRUE.equals(next.oomKillDisable()) && next.memory() == 0) {
            warnings.add("OOM killer is disabled for the container, but no memory limit is set");
        }
        return warnings;
    }

    static HostConfig merge(HostConfig h, ContainerUpdate u) {
        HostConfig.Builder b = h.toBuilder();
        if (u.cpuShares() != 0) {
            b.cpuShares(u.cpuShares());
        }
        if (u.nanoCpus() != 0) {
            b.nanoCpus(u.nanoCpus()).cpuPeriod(0).cpuQuota(0);
        }
        if (u.cpuPeriod() != 0) {
            b.cpuPeriod(u.cpuPeriod()).nanoCpus(0);
        }
        if (u.cpuQuota() != 0) {
            b.cpuQuota(u.cpuQuota()).nanoCpus(0);
        }
        if (u.cpusetCpus() != null && !u.cpusetCpus().isEmpty()) {
            b.cpusetCpus(u.cpusetCpus());
        }
        if (u.cpusetMems() != null && !u.cpusetMems().isEmpty()) {
            b.cpusetMems(u.cpusetMems());
        }
        if (u.memory() != 0) {
            b.memory(u.memory());
            if (u.memorySwap() == 0 && h.memorySwap() > 0 && h.memorySwap() < u.memory()) {
                // the old memory+swap would be below the new memory: back to the default (twice the memory)
                b.memorySwap(0);
            }
        }
        if (u.memorySwap() != 0) {
            b.memorySwap(u.memorySwap());
        }
        if (u.memoryReservation() != 0) {
            b.memoryReservation(u.memoryReservation());
        }
        if (u.blkioWeight() != 0) {
            b.blkioWeight(u.blkioWeight());
        }
        if (u.pidsLimit() != null && u.pidsLimit() != 0) {
            b.pidsLimit(u.pidsLimit());
        }
        if (u.restartPolicy() != null && u.restartPolicy().name() != null && !u.restartPolicy().name().isEmpty()) {
            b.restartPolicy(u.restartPolicy());
        }
        return b.build();
    }

    /** What the runtime must change: the limits the update names (memory+swap go together). */
    private ResourceUpdate change(ContainerUpdate u, HostConfig next) {
        boolean memory = u.memory() != 0 || u.memorySwap() != 0;
        boolean cpu = u.nanoCpus() != 0 || u.cpuPeriod() != 0 || u.cpuQuota() != 0;
        Long period = null;
        Long quota = null;
        if (cpu) {
            if (next.nanoCpus() > 0) {
                period = 100_000L;
                quota = next.nanoCpus() * 100_000L / 1_000_000_000L;
            } else {
                period = next.cpuPeriod() > 0 ? next.cpuPeriod() : null;
                quota = next.cpuQuota() != 0 ? next.cpuQuota() : null;
            }
        }
        ResourceUpdate r = new ResourceUpdate(
                memory && next.memory() > 0 ? next.memory() : null,
                memory ? nonZero(resources.swap(next.memory(), next.memorySwap())) : null,
                u.memoryReservation() != 0 ? next.memoryReservation() : null,
                u.cpuShares() != 0 ? next.cpuShares() : null,
                period, quota,
                u.cpusetCpus() != null && !u.cpusetCpus().isEmpty() ? next.cpusetCpus() : null,
                u.cpusetMems() != null && !u.cpusetMems().isEmpty() ? next.cpusetMems() : null,
                u.blkioWeight() != 0 ? next.blkioWeight() : null,
                u.pidsLimit() != null && u.pidsLimit() != 0 ? next.pidsLimit() : null);
        return r.equals(new ResourceUpdate(null, null, null, null, null, null, null, null, null, null)) ? null : r;
    }

    private static Long nonZero(long v) {
        return v == 0 ? null : v;
    }

    /** The bundle's linux.resources limits replaced by those of {@code next}; its device rules stay. */
    private void rewriteSpec(ContainerRecord c, HostConfig next) throws IOException {
        var file = c.bundleDir().resolve("config.json");
        JsonNode tree = store.json().readTree(file.toFile());
        if (!(tree instanceof ObjectNode spec) || !(spec.path("linux") instanceof ObjectNode linux)) {
            throw new IOException("config.json of " + c.id() + " has no linux section");
        }
        ObjectNode res = linux.has("resources") && linux.get("resources").isObject()
                ? (ObjectNode) linux.get("resources") : linux.putObject("resources");
        LIMIT_KEYS.forEach(res::remove);
        resources.limits(res, next);
        AtomicFiles.replace(file, store.json().writeValueAsBytes(spec));
    }
}
