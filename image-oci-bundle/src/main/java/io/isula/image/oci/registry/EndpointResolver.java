package io.isula.image.oci.registry;

import io.isula.core.api.EngineException;
import io.isula.image.oci.auth.Credentials;
import io.isula.image.oci.auth.ServerAddress;
import io.isula.image.oci.model.ImageReference;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The ordered endpoints for a repository: the {@code registry-hosts} endpoints of its registry (with rewrites), then
 * {@code registry-mirrors} (docker.io only), then the registry itself, unless its {@code registry-hosts} entry says
 * {@code fallback: false}.
 */
final class EndpointResolver {
    private static final Pattern REPOSITORY = Pattern.compile(
            "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

    private final RegistrySettings settings;

    EndpointResolver(RegistrySettings settings) {
        this.settings = settings;
    }

    List<RegistryEndpoint> endpoints(ImageReference reference, Credentials explicit) {
        String registry = reference.registry();
        String repository = reference.repository();
        List<RegistryEndpoint> out = new ArrayList<>();
        RegistryHostConfig config = settings.hosts().get(registry);
        if (config != null) {
            String rewritten = config.rewrite(repository);
            if (!REPOSITORY.matcher(rewritten).matches()) {
                throw EngineException.invalid("daemon.json " + RegistrySettings.KEY_HOSTS + ".\"" + registry
                        + "\".rewrite turns " + repository + " into \"" + rewritten + "\", which is not a repository name");
            }
            for (HostEndpoint endpoint : config.endpoints()) {
                if (endpoint.pull()) {
                    out.add(configured(endpoint, registry, rewritten));
                }
            }
        }
        if (config == null || config.fallback()) {
            if (registry.equals(RegistrySettings.DEFAULT_REGISTRY)) {
                for (HostEndpoint mirror : settings.mirrors()) {
                    out.add(configured(mirror, registry, repository));
                }
            }
            out.add(upstream(registry, repository, explicit));
        }
        return out;
    }

    /** The registry itself, as {@code isula login SERVER} reaches it. */
    RegistryEndpoint upstream(String server, String repository, Credentials explicit) {
        String registry = ServerAddress.normalize(server);
        String apiHost = RegistrySettings.apiHost(registry);
        boolean insecure = settings.insecure().isInsecure(registry) || settings.insecure().isInsecure(apiHost);
        return new RegistryEndpoint(URI.create("https://" + apiHost + "/v2"), registry, repository, false, insecure,
                false, List.of(), List.of(), true, registry, explicit);
    }

    private RegistryEndpoint configured(HostEndpoint endpoint, String registry, String repository) {
        String authority = endpoint.authority();
        return new RegistryEndpoint(endpoint.apiRoot(), registry, repository, true,
                settings.insecure().isInsecure(authority), endpoint.skipVerify(), endpoint.caFiles(),
                endpoint.clientCertificates(), endpoint.resolve(), ServerAddress.normalize(authority), null);
    }
}
