package io.isula.image.oci.registry;

import io.isula.core.api.EngineException;
import io.isula.image.oci.auth.ServerAddress;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/** Reads the registry keys of daemon.json; every error names the key (path) it is about. */
final class RegistrySettingsParser {
    private static final Set<String> HOST_KEYS = Set.of("endpoints", "rewrite", "fallback");
    private static final Set<String> ENDPOINT_KEYS = Set.of("url", "override-path", "skip-verify", "ca", "client", "capabilities");
    private static final Set<String> CAPABILITIES = Set.of("pull", "resolve", "push");

    private RegistrySettingsParser() {
    }

    static RegistrySettings parse(Map<String, Object> json) {
        List<HostEndpoint> mirrors = new ArrayList<>();
        List<String> mirrorEntries = strings(json.get(RegistrySettings.KEY_MIRRORS), RegistrySettings.KEY_MIRRORS);
        for (int i = 0; i < mirrorEntries.size(); i++) {
            mirrors.add(HostEndpoint.of(url(mirrorEntries.get(i), RegistrySettings.KEY_MIRRORS + "[" + i + "]")));
        }
        InsecureRegistries insecure = insecure(json.get(RegistrySettings.KEY_INSECURE));
        Path certsDir = absolutePath(json.get(RegistrySettings.KEY_CERTS_DIR), RegistrySettings.KEY_CERTS_DIR);
        Path authsDir = absolutePath(json.get(RegistrySettings.KEY_AUTHS_DIR), RegistrySettings.KEY_AUTHS_DIR);
        Map<String, RegistryHostConfig> hosts = hosts(json.get(RegistrySettings.KEY_HOSTS));
        boolean skipVerifyEnforced = bool(json.get(RegistrySettings.KEY_SKIP_VERIFY_ENFORCE),
                RegistrySettings.KEY_SKIP_VERIFY_ENFORCE, false);
        return new RegistrySettings(mirrors, insecure, certsDir == null ? RegistrySettings.DEFAULT_CERTS_DIR : certsDir,
                hosts, authsDir, skipVerifyEnforced);
    }

    private static InsecureRegistries insecure(Object value) {
        List<String> hosts = new ArrayList<>();
        List<InsecureRegistries.Cidr> cidrs = new ArrayList<>(InsecureRegistries.LOOPBACK);
        List<String> entries = strings(value, RegistrySettings.KEY_INSECURE);
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i).trim();
            String key = RegistrySettings.KEY_INSECURE + "[" + i + "]";
            if (entry.contains("://")) {
                throw invalid(key, "\"" + entry + "\" must be host[:port] or a CIDR, without a scheme");
            }
            if (entry.contains("/")) {
                try {
                    cidrs.add(InsecureRegistries.Cidr.parse(entry));
                } catch (IllegalArgumentException e) {
                    throw invalid(key, e.getMessage());
                }
            } else if (HostPort.parse(entry) == null) {
                throw invalid(key, "\"" + entry + "\" is not a host[:port]");
            } else {
                hosts.add(entry);
            }
        }
        return new InsecureRegistries(hosts, cidrs);
    }

    private static Map<String, RegistryHostConfig> hosts(Object value) {
        String key = RegistrySettings.KEY_HOSTS;
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(key, "must be an object of registry → {endpoints, rewrite, fallback}");
        }
        Map<String, RegistryHostConfig> hosts = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String registry = String.valueOf(e.getKey());
            String entryKey = key + ".\"" + registry + "\"";
            if (HostPort.parse(registry) == null) {
                throw invalid(entryKey, "\"" + registry + "\" is not a registry host[:port]");
            }
            String normalized = ServerAddress.normalize(registry);
            if (hosts.containsKey(normalized)) {
                throw invalid(entryKey, "names the registry " + normalized + " a second time");
            }
            hosts.put(normalized, host(e.getValue(), entryKey));
        }
        return hosts;
    }

    private static RegistryHostConfig host(Object value, String key) {
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(key, "must be an object with endpoints, rewrite, fallback");
        }
        unknownKeys(map, HOST_KEYS, key);
        List<HostEndpoint> endpoints = new ArrayList<>();
        Object list = map.get("endpoints");
        if (list != null && !(list instanceof List<?>)) {
            throw invalid(key + ".endpoints", "must be a list");
        }
        if (list instanceof List<?> items) {
            for (int i = 0; i < items.size(); i++) {
                endpoints.add(endpoint(items.get(i), key + ".endpoints[" + i + "]"));
            }
        }
        List<RepositoryRewrite> rewrites = new ArrayList<>();
        Object rewrite = map.get("rewrite");
        if (rewrite != null) {
            if (!(rewrite instanceof Map<?, ?> rules)) {
                throw invalid(key + ".rewrite", "must be an object of regular expression → replacement");
            }
            for (Map.Entry<?, ?> rule : rules.entrySet()) {
                String ruleKey = key + ".rewrite.\"" + rule.getKey() + "\"";
                if (!(rule.getValue() instanceof String replacement)) {
                    throw invalid(ruleKey, "the replacement must be a string");
                }
                try {
                    rewrites.add(RepositoryRewrite.of(String.valueOf(rule.getKey()), replacement));
                } catch (PatternSyntaxException e) {
                    throw invalid(ruleKey, "bad regular expression: " + e.getDescription() + " near index " + e.getIndex());
                } catch (IllegalArgumentException e) {
                    throw invalid(ruleKey, e.getMessage());
                }
            }
        }
        boolean fallback = bool(map.get("fallback"), key + ".fallback", true);
        if (endpoints.isEmpty() && !fallback) {
            throw invalid(key, "has no endpoints and fallback false: nothing could serve it");
        }
        return new RegistryHostConfig(endpoints, rewrites, fallback);
    }

    private static HostEndpoint endpoint(Object value, String key) {
        if (value instanceof String url) {
            return HostEndpoint.of(url(url, key));
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(key, "must be a URL string or an object with url, override-path, skip-verify, ca, client, capabilities");
        }
        unknownKeys(map, ENDPOINT_KEYS, key);
        if (!(map.get("url") instanceof String url)) {
            throw invalid(key + ".url", "is required (a string such as https://mirror.example.com)");
        }
        URI uri = url(url, key + ".url");
        List<Path> cas = new ArrayList<>();
        Object ca = map.get("ca");
        if (ca instanceof String single) {
            cas.add(absolutePath(single, key + ".ca"));
        } else if (ca != null) {
            List<String> files = strings(ca, key + ".ca");
            for (int i = 0; i < files.size(); i++) {
                cas.add(absolutePath(files.get(i), key + ".ca[" + i + "]"));
            }
        }
        List<ClientCertificateFiles> clients = new ArrayList<>();
        Object client = map.get("client");
        if (client != null) {
            if (!(client instanceof List<?> pairs)) {
                throw invalid(key + ".client", "must be a list of [certificate, key] pairs");
            }
            for (int i = 0; i < pairs.size(); i++) {
                String pairKey = key + ".client[" + i + "]";
                List<String> pair = strings(pairs.get(i), pairKey);
                if (pair.size() != 2) {
                    throw invalid(pairKey, "must be a [certificate, key] pair of file names");
                }
                clients.add(new ClientCertificateFiles(absolutePath(pair.get(0), pairKey + "[0]"),
                        absolutePath(pair.get(1), pairKey + "[1]")));
            }
        }
        boolean pull = true;
        boolean resolve = true;
        if (map.containsKey("capabilities")) {
            List<String> caps = strings(map.get("capabilities"), key + ".capabilities");
            for (String cap : caps) {
                if (!CAPABILITIES.contains(cap)) {
                    throw invalid(key + ".capabilities", "unknown capability \"" + cap + "\" (pull, resolve, push)");
                }
            }
            pull = caps.contains("pull");
            resolve = caps.contains("resolve");
            if (resolve && !pull) {
                throw invalid(key + ".capabilities", "resolve needs pull too");
            }
        }
        return new HostEndpoint(uri, bool(map.get("override-path"), key + ".override-path", false),
                bool(map.get("skip-verify"), key + ".skip-verify", false), cas, clients, pull, resolve);
    }

    /** {@code https://host[:port][/path]}, {@code http://…}, or a bare {@code host[:port][/path]} (https). */
    static URI url(String text, String key) {
        String s = text.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
            if (s.contains("://")) {
                throw invalid(key, "\"" + text + "\": only http:// and https:// are supported");
            }
            s = "https://" + s;
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw invalid(key, "\"" + text + "\" is not a URL: " + e.getReason());
        }
        if (uri.getRawAuthority() == null || HostPort.parse(uri.getRawAuthority()) == null || uri.getRawUserInfo() != null) {
            throw invalid(key, "\"" + text + "\" needs a host[:port] (and no user info)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(key, "\"" + text + "\" must not have a query or fragment");
        }
        return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT)
                + (uri.getRawPath() == null ? "" : uri.getRawPath()));
    }

    private static List<String> strings(Object value, String key) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw invalid(key, "must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s) || s.isBlank()) {
                throw invalid(key + "[" + i + "]", "must be a non-empty string");
            }
            out.add(s);
        }
        return out;
    }

    private static boolean bool(Object value, String key, boolean dflt) {
        if (value == null) {
            return dflt;
        }
        if (!(value instanceof Boolean b)) {
            throw invalid(key, "must be true or false");
        }
        return b;
    }

    private static Path absolutePath(Object value, String key) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw invalid(key, "must be a path");
        }
        try {
            Path p = Path.of(s);
            if (!p.isAbsolute()) {
                throw invalid(key, "\"" + s + "\" must be an absolute path");
            }
            return p.normalize();
        } catch (InvalidPathException e) {
            throw invalid(key, "\"" + s + "\" is not a path");
        }
    }

    private static void unknownKeys(Map<?, ?> map, Set<String> known, String key) {
        for (Object k : map.keySet()) {
            if (!known.contains(String.valueOf(k))) {
                throw invalid(key, "unknown key \"" + k + "\" (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static EngineException invalid(String key, String problem) {
        return EngineException.invalid("daemon.json " + key + ": " + problem);
    }
}
