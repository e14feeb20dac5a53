package io.isula.image.oci.registry;

import io.isula.core.api.EngineException;
import io.isula.image.oci.model.ImageReference;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistrySettingsTest {
    @Test
    void defaults() {
        RegistrySettings s = RegistrySettings.defaults();
        assertTrue(s.mirrors().isEmpty());
        assertTrue(s.hosts().isEmpty());
        assertEquals(Path.of("/etc/isulad/certs.d"), s.certsDir());
        assertNull(s.authsDir());
        assertFalse(s.skipVerifyEnforced());
        assertEquals(Path.of("/var/lib/isulad/auths"), s.authsDirOr(Path.of("/var/lib/isulad/auths")));
        assertTrue(s.insecure().isInsecure("127.0.0.1:5000"));
        assertTrue(s.insecure().isInsecure("127.1.2.3"));
        assertTrue(s.insecure().isInsecure("[::1]:5000"));
        assertTrue(s.insecure().isInsecure("localhost:5000"), "a name resolving to loopback is insecure, as Docker");
        assertFalse(s.insecure().isInsecure("192.0.2.7:5000"));
        assertFalse(s.insecure().isInsecure("registry.invalid"));
    }

    @Test
    void everyKeyIsRead() {
        RegistrySettings s = RegistrySettings.fromDaemonJson(Map.of(
                "registry-mirrors", List.of("https://mirror.example.com", "http://10.1.1.1:5000/", "docker-mirror.local:8443"),
                "insecure-registries", List.of("10.1.1.1:5000", "registry.lab", "192.168.0.0/16", "fd00::/8"),
                "registry-certs-dir", "/srv/certs.d",
                "registry-auths-dir", "/srv/auths",
                "registry-hosts", Map.of("registry.k8s.io", Map.of(
                        "endpoints", List.of("http://10.1.1.1:5000", Map.of("url", "https://mirror.example.com/k8s",
                                "override-path", true, "skip-verify", true, "ca", List.of("/etc/ca1.crt", "/etc/ca2.crt"),
                                "client", List.of(List.of("/etc/c.cert", "/etc/c.key")), "capabilities", List.of("pull"))),
                        "rewrite", Map.of("^(.*)$", "k8s/$1"),
                        "fallback", false))));

        assertEquals(List.of(URI.create("https://mirror.example.com"), URI.create("http://10.1.1.1:5000/"),
                URI.create("https://docker-mirror.local:8443")), s.mirrors().stream().map(HostEndpoint::url).toList());
        assertEquals("http://10.1.1.1:5000/v2", s.mirrors().get(1).apiRoot().toString());
        assertEquals(Path.of("/srv/certs.d"), s.certsDir());
        assertEquals(Path.of("/srv/auths"), s.authsDirOr(Path.of("/elsewhere")));
        assertTrue(s.insecure().isInsecure("10.1.1.1:5000"));
        assertFalse(s.insecure().isInsecure("10.1.1.1:5001"));
        assertTrue(s.insecure().isInsecure("registry.lab:443"), "a host without port matches every port");
        assertTrue(s.insecure().isInsecure("192.168.7.7:5000"));
        assertTrue(s.insecure().isInsecure("[fd12::1]:5000"));
        assertTrue(s.insecure().isInsecure("127.0.0.1"), "loopback stays insecure");

        RegistryHostConfig k8s = s.hosts().get("registry.k8s.io");
        assertFalse(k8s.fallback());
        assertEquals("k8s/pause", k8s.rewrite("pause"));
        HostEndpoint first = k8s.endpoints().get(0);
        assertTrue(first.pull() && first.resolve() && !first.skipVerify() && !first.overridePath());
        HostEndpoint second = k8s.endpoints().get(1);
        assertEquals("https://mirror.example.com/k8s", second.apiRoot().toString());
        assertTrue(second.skipVerify() && second.pull() && !second.resolve());
        assertEquals(List.of(Path.of("/etc/ca1.crt"), Path.of("/etc/ca2.crt")), second.caFiles());
        assertEquals(List.of(new ClientCertificateFiles(Path.of("/etc/c.cert"), Path.of("/etc/c.key"))), second.clientCertificates());
    }

    @Test
    void endpointsComeInOrderHostsMirrorsRegistry() {
        RegistrySettings s = RegistrySettings.fromDaemonJson(Map.of(
                "registry-mirrors", List.of("https://mirror.example.com"),
                "registry-hosts", Map.of("docker.io", Map.of("endpoints", List.of("https://hub-cache.example.com/base"),
                        "rewrite", Map.of("^library/(.*)$", "hub/$1")),
                        "quay.io", Map.of("endpoints", List.of("https://quay-cache.example.com")))));
        EndpointResolver resolver = new EndpointResolver(s);

        List<RegistryEndpoint> hub = resolver.endpoints(ImageReference.parse("busybox"), null);
        assertEquals(List.of("https://hub-cache.example.com/base/v2/hub/busybox", "https://mirror.example.com/v2/library/busybox",
                "https://registry-1.docker.io/v2/library/busybox"), hub.stream().map(e -> e.root() + "/" + e.repository()).toList());
        assertEquals(List.of(true, true, false), hub.stream().map(RegistryEndpoint::mirror).toList());
        assertEquals(List.of("hub-cache.example.com", "mirror.example.com", "docker.io"),
                hub.stream().map(RegistryEndpoint::credentialsKey).toList());

        List<RegistryEndpoint> quay = resolver.endpoints(ImageReference.parse("quay.io/team/app:1"), null);
        assertEquals(List.of("https://quay-cache.example.com/v2", "https://quay.io/v2"),
                quay.stream().map(e -> e.root().toString()).toList(), "registry-mirrors are for docker.io only");

        List<RegistryEndpoint> other = resolver.endpoints(ImageReference.parse("127.0.0.1:5000/app"), null);
        assertEquals(1, other.size());
        assertTrue(other.get(0).insecure());
        assertEquals("https://127.0.0.1:5000/v2/app/manifests/latest", other.get(0).manifestUri("latest").toString());
    }

    @Test
    void aRewriteToAnInvalidNameFailsNamingTheKey() {
        RegistrySettings s = RegistrySettings.fromDaemonJson(Map.of("registry-hosts", Map.of("registry.k8s.io",
                Map.of("endpoints", List.of("https://m.example.com"), "rewrite", Map.of("^(.*)$", "UP/$1")))));
        EngineException e = assertThrows(EngineException.class,
                () -> new EndpointResolver(s).endpoints(ImageReference.parse("registry.k8s.io/pause"), null));
        assertEquals("daemon.json registry-hosts.\"registry.k8s.io\".rewrite turns pause into \"UP/pause\", which is not a "
                + "repository name", e.getMessage());
    }

    @Test
    void badEntriesFailNamingTheirKey() {
        assertBad(Map.of("registry-mirrors", "https://m"), "daemon.json registry-mirrors: must be a list of strings");
        assertBad(Map.of("registry-mirrors", List.of("ftp://m")), "daemon.json registry-mirrors[0]: \"ftp://m\": only http:// and https:// are supported");
        assertBad(Map.of("registry-mirrors", List.of("https://u:p@m")), "daemon.json registry-mirrors[0]: \"https://u:p@m\" needs a host[:port] (and no user info)");
        assertBad(Map.of("registry-mirrors", List.of("https://m", 5)), "daemon.json registry-mirrors[1]: must be a non-empty string");
        assertBad(Map.of("insecure-registries", List.of("http://h:5000")), "daemon.json insecure-registries[0]: \"http://h:5000\" must be host[:port] or a CIDR, without a scheme");
        assertBad(Map.of("insecure-registries", List.of("10.0.0.0/33")), "daemon.json insecure-registries[0]: invalid CIDR 10.0.0.0/33: prefix length out of range");
        assertBad(Map.of("insecure-registries", List.of("bad host")), "daemon.json insecure-registries[0]: \"bad host\" is not a host[:port]");
        assertBad(Map.of("registry-certs-dir", "relative/dir"), "daemon.json registry-certs-dir: \"relative/dir\" must be an absolute path");
        assertBad(Map.of("insecure-skip-verify-enforce", "yes"), "daemon.json insecure-skip-verify-enforce: must be true or false");
        assertBad(Map.of("registry-auths-dir", 3), "daemon.json registry-auths-dir: must be a path");
        assertBad(Map.of("registry-hosts", List.of()), "daemon.json registry-hosts: must be an object of registry → {endpoints, rewrite, fallback}");
        assertBad(Map.of("registry-hosts", Map.of("bad/host", Map.of())), "daemon.json registry-hosts.\"bad/host\": \"bad/host\" is not a registry host[:port]");
        assertBad(hosts(Map.of("endpoint", List.of())), "daemon.json registry-hosts.\"r.io\": unknown key \"endpoint\" (known: endpoints, fallback, rewrite)");
        assertBad(hosts(Map.of("endpoints", "https://m")), "daemon.json registry-hosts.\"r.io\".endpoints: must be a list");
        assertBad(hosts(Map.of("endpoints", List.of(Map.of("host", "https://m")))), "daemon.json registry-hosts.\"r.io\".endpoints[0]: unknown key \"host\" (known: ca, capabilities, client, override-path, skip-verify, url)");
        assertBad(hosts(Map.of("endpoints", List.of(Map.of("skip-verify", true)))), "daemon.json registry-hosts.\"r.io\".endpoints[0].url: is required (a string such as https://mirror.example.com)");
        assertBad(hosts(Map.of("endpoints", List.of(Map.of("url", "https://m", "skip-verify", "yes")))), "daemon.json registry-hosts.\"r.io\".endpoints[0].skip-verify: must be true or false");
        assertBad(hosts(Map.of("endpoints", List.of(Map.of("url", "https://m", "ca", "ca.crt")))), "daemon.json registry-hosts.\"r.io\".endpoints[0].ca: \"ca.crt\" must be an absolute path");
        assertBad(hosts(Map.of("endpoints", List.of(Map.of("url", "https://m", "client", List.of(List.of("/c")))))), "daemon.json registry-hosts.\"r.io\".endpoints[0].client[0]: must be a [certificate, key] pair of file names");
        assertBad(hosts(Map.of("endpoints", List.of(Map.of("url", "https://m", "capabilities", List.of("fetch"))))), "daemon.json registry-hosts.\"r.io\".endpoints[0].capabilities: unknown capability \"fetch\" (pull, resolve, push)");
        assertBad(hosts(Map.of("endpoints", List.of(Map.of("url", "https://m", "capabilities", List.of("resolve"))))), "daemon.json registry-hosts.\"r.io\".endpoints[0].capabilities: resolve needs pull too");
        assertBad(hosts(Map.of("endpoints", List.of(42))), "daemon.json registry-hosts.\"r.io\".endpoints[0]: must be a URL string or an object with url, override-path, skip-verify, ca, client, capabilities");
        assertBad(hosts(Map.of("rewrite", Map.of("(unclosed", "x"))), "daemon.json registry-hosts.\"r.io\".rewrite.\"(unclosed\": bad regular expression: Unclosed group near index 9");
        assertBad(hosts(Map.of("rewrite", Map.of("^a$", "b/$1"))), "daemon.json registry-hosts.\"r.io\".rewrite.\"^a$\": replacement \"b/$1\" uses $1 but the expression has 0 group(s)");
        assertBad(hosts(Map.of("rewrite", Map.of("^a$", "b$"))), "daemon.json registry-hosts.\"r.io\".rewrite.\"^a$\": replacement \"b$\" has a '$' that names no group (write \\$ for a dollar)");
        assertBad(hosts(Map.of("rewrite", Map.of("^a$", 1))), "daemon.json registry-hosts.\"r.io\".rewrite.\"^a$\": the replacement must be a string");
        assertBad(hosts(Map.of("fallback", false)), "daemon.json registry-hosts.\"r.io\": has no endpoints and fallback false: nothing could serve it");
        Map<String, Object> twice = new java.util.LinkedHashMap<>();
        twice.put("docker.io", Map.of());
        twice.put("index.docker.io", Map.of());
        assertBad(Map.of("registry-hosts", twice), "daemon.json registry-hosts.\"index.docker.io\": names the registry docker.io a second time");
    }

    @Test
    void rewritesApplyTheFirstMatchingRuleAndNamedGroups() {
        RegistryHostConfig c = new RegistryHostConfig(List.of(), List.of(
                RepositoryRewrite.of("^library/(?<name>.*)$", "official/${name}"),
                RepositoryRewrite.of("^(.*)$", "all/$1")), true);
        assertEquals("official/busybox", c.rewrite("library/busybox"));
        assertEquals("all/team/app", c.rewrite("team/app"));
        assertEquals("x", new RegistryHostConfig(List.of(), List.of(RepositoryRewrite.of("^y$", "z")), true).rewrite("x"));
    }

    private static Map<String, Object> hosts(Map<String, Object> entry) {
        return Map.of("registry-hosts", Map.of("r.io", entry));
    }

    private static void assertBad(Map<String, Object> json, String message) {
        EngineException e = assertThrows(EngineException.class, () -> RegistrySettings.fromDaemonJson(json), json.toString());
        assertEquals(EngineException.Kind.INVALID_ARGUMENT, e.kind());
        assertEquals(message, e.getMessage());
    }
}
