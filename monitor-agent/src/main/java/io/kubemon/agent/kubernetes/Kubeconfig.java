package io.kubemon.agent.kubernetes;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The current context of a kubeconfig, as kubectl reads it, for an agent run by hand beside a
 * cluster: the cluster's server and CA (file or data, or insecure-skip-tls-verify), the user's
 * bearer token (inline or a file) or client certificate and key (files or data). File paths are
 * relative to the kubeconfig's directory, as kubectl has them. Users that authenticate through
 * {@code exec} or {@code auth-provider} plugins, or a username and password, are refused in
 * words: the agent runs no plugin.
 */
final class Kubeconfig {
    private Kubeconfig() {}

    /**
     * The kubeconfig kubectl would read: {@code configured} if given, else the first existing file
     * of {@code KUBECONFIG} (a list split by ':'), else {@code <home>/.kube/config}; null if none exists.
     */
    static Path locate(String configured, Map<String, String> env, String home) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String list = env.get("KUBECONFIG");
        if (list != null && !list.isBlank()) {
            for (String p : list.split(":")) {
                if (!p.isBlank() && Files.isRegularFile(Path.of(p))) {
                    return Path.of(p);
                }
            }
            return null;
        }
        if (home == null || home.isBlank()) {
            return null;
        }
        Path dflt = Path.of(home, ".kube", "config");
        return Files.isRegularFile(dflt) ? dflt : null;
    }

    /** Reads and parses {@code file}. @throws IllegalArgumentException naming the file and what is wrong */
    static ApiEndpoint read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("kubeconfig " + file + " cannot be read: " + e.getMessage(), e);
        }
        return parse(text, file.toAbsolutePath().getParent(), "kubeconfig " + file);
    }

    /**
     * @param dir    what relative file paths in it are relative to
     * @param origin the file, in words, for errors
     */
    static ApiEndpoint parse(String yaml, Path dir, String origin) {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(origin + " is not YAML: " + firstLine(e.getMessage()), e);
        }
        Map<?, ?> root = doc instanceof Map<?, ?> m ? m : Map.of();
        String current = text(root, "current-context");
        if (current == null) {
            throw new IllegalArgumentException(
                    origin + " has no current-context (kubectl config use-context <name> sets one)");
        }
        Map<?, ?> context = named(root, "contexts", "context", current, origin);
        String clusterName = text(context, "cluster");
        String userName = text(context, "user");
        if (clusterName == null) {
            throw new IllegalArgumentException(origin + ": context '" + current + "' names no cluster");
        }
        Map<?, ?> cluster = named(root, "clusters", "cluster", clusterName, origin);
        Map<?, ?> user = userName == null ? Map.of() : named(root, "users", "user", userName, origin);
        String where = origin + ", context " + current;

        String server = text(cluster, "server");
        if (server == null) {
            throw new IllegalArgumentException(where + ": cluster '" + clusterName + "' has no server");
        }
        URI uri = URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
        for (String plugin : List.of("exec", "auth-provider")) {
            if (user.get(plugin) != null) {
                throw new IllegalArgumentException(where + ": user '" + userName + "' authenticates with "
                        + plugin + pluginName(user.get(plugin))
                        + ", which the agent does not run; give it a token instead (a service account's:"
                        + " kubectl create token <account>, as token or tokenFile of a user in a kubeconfig of"
                        + " its own) or a client certificate and key, or set kubemon.agent.kubernetes.api-url"
                        + " to a kubectl proxy");
            }
        }
        if (user.get("username") != null || user.get("password") != null) {
            throw new IllegalArgumentException(where + ": user '" + userName + "' has a username and password,"
                    + " which Kubernetes no longer accepts; give it a token or a client certificate and key");
        }
        byte[] cert = bytes(user, "client-certificate", dir, where);
        byte[] key = bytes(user, "client-key", dir, where);
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException(where + ": user '" + userName + "' has a client "
                    + (cert == null ? "key but no certificate" : "certificate but no key"));
        }
        String tokenFile = text(user, "tokenFile");
        return new ApiEndpoint(
                uri,
                bytes(cluster, "certificate-authority", dir, where),
                Boolean.parseBoolean(text(cluster, "insecure-skip-tls-verify")),
                text(user, "token"),
                tokenFile == null ? null : dir.resolve(tokenFile),
                cert,
                key,
                where);
    }

    /** {@code field} read from its file, or {@code field-data} decoded from Base64; null for neither. */
    private static byte[] bytes(Map<?, ?> section, String field, Path dir, String where) {
        String data = text(section, field + "-data");
        if (data != null) {
            try {
                return Base64.getMimeDecoder().decode(data);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + field + "-data is not Base64", e);
            }
        }
        String file = text(section, field);
        if (file == null) {
            return null;
        }
        Path path = dir.resolve(file);
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": " + field + " " + path + " cannot be read: " + e, e);
        }
    }

    /** The {@code inner} map of the entry of list {@code list} whose name is {@code name}. */
    private static Map<?, ?> named(Map<?, ?> root, String list, String inner, String name, String origin) {
        if (root.get(list) instanceof List<?> entries) {
            for (Object e : entries) {
                if (e instanceof Map<?, ?> entry && name.equals(text(entry, "name"))) {
                    return entry.get(inner) instanceof Map<?, ?> m ? m : Map.of();
                }
            }
        }
        throw new IllegalArgumentException(origin + " has no " + inner + " named '" + name + "' among its " + list);
    }

    private static String text(Map<?, ?> map, String key) {
        Object v = map.get(key);
        return v == null ? null : String.valueOf(v);
    }

    private static String pluginName(Object plugin) {
        if (plugin instanceof Map<?, ?> m) {
            String name = text(m, m.containsKey("command") ? "command" : "name");
            return name == null ? "" : " (" + name + ")";
        }
        return "";
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
