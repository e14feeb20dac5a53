/**
 * Real registries and images for the image tests, no mocks: {@link io.isula.itest.registry.TestCa} (openssl CA and a
 * server certificate for 127.0.0.1), {@link io.isula.itest.registry.RegistryServer} (Debian's docker-registry 2.8 on a
 * free loopback port: plain, TLS, htpasswd, bearer tokens), {@link io.isula.itest.registry.TokenServer} (the Docker
 * token protocol on the JDK HTTP server), {@link io.isula.itest.registry.TestImages} (OCI layouts built from
 * busybox-static) and {@link io.isula.itest.registry.Skopeo} (push, inspect, docker-archive and oci-archive).
 *
 * <pre>
 * try (TestCa ca = TestCa.create(); Skopeo skopeo = Skopeo.create();
 *      RegistryServer registry = RegistryServer.tls(ca)) {
 *     OciImage busybox = TestImages.busybox(dir, "busybox:latest");
 *     skopeo.push(busybox, registry, "library/busybox:latest", null);
 *     ca.writeCertsD(daemonCertsD, registry.hostPort());   // certs.d/127.0.0.1:PORT/ca.crt
 *     // isula pull registry.ref("library/busybox:latest") ...
 * }
 * </pre>
 */
package io.isula.itest.registry;
