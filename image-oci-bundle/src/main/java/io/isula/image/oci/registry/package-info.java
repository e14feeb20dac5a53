/**
 * The registry client (Docker Registry HTTP API v2 / OCI distribution spec): endpoint resolution with mirrors,
 * per-registry hosts and rewrites, token and basic auth, TLS per registry, manifest resolution and verified,
 * resumable blob downloads. Settings come from daemon.json ({@link io.isula.image.oci.registry.RegistrySettings}).
 */
package io.isula.image.oci.registry;
