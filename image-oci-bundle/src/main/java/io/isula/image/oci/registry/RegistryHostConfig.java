package io.isula.image.oci.registry;

import java.util.List;

/**
 * daemon.json {@code registry-hosts.<registry>}: where one registry's repositories are fetched from.
 *
 * @param endpoints tried in order before anything else
 * @param rewrites  applied (first match) to the repository path asked of {@code endpoints}
 * @param fallback  after the endpoints, try {@code registry-mirrors} (for docker.io) and the registry itself
 */
public record RegistryHostConfig(List<HostEndpoint> endpoints, List<RepositoryRewrite> rewrites, boolean fallback) {
    public RegistryHostConfig {
        endpoints = List.copyOf(endpoints);
        rewrites = List.copyOf(rewrites);
    }

    /** The repository path to ask the endpoints for. */
    public String rewrite(String repository) {
        for (RepositoryRewrite rule : rewrites) {
            String rewritten = rule.apply(repository);
            if (rewritten != null) {
                return rewritten;
            }
        }
        return repository;
    }
}
