package io.isula.core.internal.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isula.core.api.ContainerConfig;
import io.isula.core.api.EngineException;
import io.isula.core.api.HostConfig;
import io.isula.core.api.MountPoint;
import io.isula.core.internal.hostconfig.HostConfigValidator;
import io.isula.core.internal.security.Capabilities;
import io.isula.core.internal.security.SeccompHost;
import io.isula.core.internal.security.SeccompProfile;
import io.isula.core.internal.security.SecurityOptions;
import io.isula.core.internal.security.Sysctls;
import io.isula.core.internal.spec.ContainerSecurity;
import io.isula.core.internal.spec.DeviceNode;
import io.isula.core.internal.spec.DeviceResolver;
import io.isula.core.internal.spec.HookSpecs;
import io.isula.core.internal.spec.NameResolution;
import io.isula.core.internal.spec.Rlimits;
import io.isula.core.internal.volume.MountParser;
import io.isula.core.internal.volume.MountRequest;
import io.isula.core.util.Signals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything of a create request that can be checked or decided before anything is written: resources, restart
 * policy, health check, stop signal, capabilities and seccomp, sysctls, ulimits, devices, hooks, DNS, mounts. A bad
 * value fails here, so a rejected create leaves nothing behind.
 */
final class CreatePreparation {
    /** What the create goes on with. */
    record Prepared(HostConfig host, ContainerSecurity security, List<DeviceNode> devices, ObjectNode hooks,
                    List<MountRequest> mounts, NameResolution names) {
    }

    private final ObjectMapper json;
    private final HostConfigValidator validator;
    private final Capabilities capabilities;
    private final SeccompProfile defaultSeccomp;
    private final DeviceResolver deviceResolver;
    private final SeccompHost seccompHost;

    CreatePreparation(ObjectMapper json, HostConfigValidator validator, Capabilities capabilities,
                      SeccompProfile defaultSeccomp, DeviceResolver deviceResolver, SeccompHost seccompHost) {
        this.json = json;
        this.validator = validator;
        this.capabilities = capabilities;
        this.defaultSeccomp = defaultSeccomp;
        this.deviceResolver = deviceResolver;
        this.seccompHost = seccompHost;
    }

    /**
     * @param config   the merged container config (request over image)
     * @param mountsOf the mount points of another container, for {@code --volumes-from}
     */
    Prepared prepare(HostConfig requested, ContainerConfig config, Function<String, List<MountPoint>> mountsOf) {
        validator.check(requested);
        HostConfig host = validator.normalize(requested);
        HostConfigValidator.checkHealth(config.healthcheck());
        if (config.stopSignal() != null && !config.stopSignal().isEmpty()) {
            try {
                Signals.parse(config.stopSignal());
            } catch (IllegalArgumentException e) {
                throw EngineException.invalid("Invalid stop signal: " + config.stopSignal());
            }
        }
        Sysctls.check(host.sysctls(), "host".equals(host.networkMode()));
        Rlimits.check(host.ulimits());
        NameResolution names = NameResolution.of(host);
        ContainerSecurity security = security(host);
        List<DeviceNode> devices = devices(host);
        ObjectNode hooks = HookSpecs.read(json, host.hookSpec());
        List<String> anonymous = config.volumes() == null ? List.of() : new ArrayList<>(config.volumes().keySet());
        List<MountRequest> mounts = MountParser.parse(host, anonymous, mountsOf);
        return new Prepared(host, security, devices, hooks, mounts, names);
    }

    private ContainerSecurity security(HostConfig h) {
        SecurityOptions opts = SecurityOptions.parse(h.securityOpt());
        Capabilities.check(h.capAdd(), h.capDrop());
        List<String> caps = capabilities.compute(h.privileged(), h.capAdd(), h.capDrop());
        ObjectNode seccomp = null;
        if (!h.privileged() && !SecurityOptions.UNCONFINED.equals(opts.seccomp())) {
            SeccompProfile profile = opts.seccomp() == null ? defaultSeccomp : SeccompProfile.parse(json, opts.seccomp());
            seccomp = profile.toOci(json, caps, seccompHost);
        }
        return new ContainerSecurity(caps, seccomp, opts.noNewPrivileges(), !h.privileged() && !opts.unmaskPaths(),
                h.privileged());
    }

    /** The devices asked for; a privileged container also gets every host device (the asked-for path wins). */
    private List<DeviceNode> devices(HostConfig h) {
        Map<String, DeviceNode> byPath = new LinkedHashMap<>();
        if (h.privileged()) {
            deviceResolver.hostDevices().forEach(d -> byPath.put(d.path(), d));
        }
        deviceResolver.resolve(h.devices()).forEach(d -> byPath.put(d.path(), d));
        return List.copyOf(byPath.values());
    }
}
