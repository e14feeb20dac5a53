package io.isula.image.oci.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The registry settings of daemon.json ({@code docs/registry.md}).
 *
 * @param mirrors    {@code registry-mirrors}: tried, in order, before docker.io itself
 * @param insecure   {@code insecure-registries} plus the loopback networks
 * @param certsDir   {@code registry-certs-dir}: {@code <dir>/<host[:port]>/*.crt} CAs, {@code *.cert}+{@code *.key} client certificates
 * @param hosts      {@code registry-hosts}: endpoints and rewrites per registry
 * @param authsDir   {@code registry-auths-dir}: where login credentials are kept; null for the default
 * @param skipVerifyEnforced iSulad's {@code insecure-skip-verify-enforce}: no registry's TLS certificate is verified
 */
public record RegistrySettings(List<HostEndpoint> mirrors, InsecureRegistries insecure, Path certsDir,
                               Map<String, RegistryHostConfig> hosts, Path authsDir, boolean skipVerifyEnforced) {
    public static final String DEFAULT_REGISTRY = "docker.io";
    /** Where docker.io's API is served (iSulad's daemon_constants.json {@code registry-transformation}). */
    public static final String DOCKER_HUB_ENDPOINT = "registry-1.docker.io";
    public static final Path DEFAULT_CERTS_DIR = Path.of("/etc/isulad/certs.d");

    public static final String KEY_MIRRORS = "registry-mirrors";
    public static final String KEY_INSECURE = "insecure-registries";
    public static final String KEY_CERTS_DIR = "registry-certs-dir";
    public static final String KEY_HOSTS = "registry-hosts";
    public static final String KEY_AUTHS_DIR = "registry-auths-dir";
    public static final String KEY_SKIP_VERIFY_ENFORCE = "insecure-skip-verify-enforce";

    public RegistrySettings {
        mirrors = List.copyOf(mirrors);
        hosts = Map.copyOf(hosts);
    }

    /** The settings of a daemon.json as read (core's {@code DaemonSettings.raw()}); bad entries fail naming their key. */
    public static RegistrySettings fromDaemonJson(Map<String, Object> daemonJson) {
        return RegistrySettingsParser.parse(daemonJson == null ? Map.of() : daemonJson);
    }

    /** No mirrors, no hosts, loopback insecure, the default certs dir. */
    public static RegistrySettings defaults() {
        return fromDaemonJson(Map.of());
    }

    /** Where login credentials are kept: {@code registry-auths-dir}, else {@code defaultDir} (the integrator's {@code <graph>/auths}). */
    public Path authsDirOr(Path defaultDir) {
        return authsDir != null ? authsDir : defaultDir;
    }

    public RegistrySettings withInsecure(InsecureRegistries newInsecure) {
        return new RegistrySettings(mirrors, newInsecure, certsDir, hosts, authsDir, skipVerifyEnforced);
    }

    public RegistrySettings withCertsDir(Path dir) {
        return new RegistrySettings(mirrors, insecure, dir, hosts, authsDir, skipVerifyEnforced);
    }

    /** The host serving a registry's API: docker.io is served by registry-1.docker.io. */
    public static String apiHost(String registry) {
        return registry.equals(DEFAULT_REGISTRY) || registry.equals("index.docker.io") ? DOCKER_HUB_ENDPOINT : registry;
    }
}
