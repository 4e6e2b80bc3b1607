package io.kubemon.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The collector's control plane over HTTP; every failure becomes a {@link CliException} a person can read. */
final class CollectorApi {
    private final String base;
    private final String token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    CollectorApi(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, String body) {
        return send("POST", path, body);
    }

    /**
     * Streams a binary answer (a run's archive) into {@code target}; errors as for JSON calls.
     * Returns the bytes received.
     */
    long download(String path, java.nio.file.Path target, java.util.function.LongConsumer progress) {
        HttpResponse<java.io.InputStream> r = exchange(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofMinutes(30))
                        .GET(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                throw failure(r.statusCode(), message(readJson(text), text));
            }
            long total = 0;
            try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(target)) {
                byte[] buf = new byte[64 * 1024];
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    out.write(buf, 0, n);
                    total += n;
                    progress.accept(total);
                }
            }
            return total;
        } catch (IOException e) {
            throw new CliException(
                    ExitCodes.ERROR, "receiving " + path + " from " + base + " failed: " + e.getMessage());
        }
    }

    /** Sends with the token (when one is set); a failure to talk to the collector becomes a readable CliException. */
    private <T> HttpResponse<T> exchange(HttpRequest.Builder b, HttpResponse.BodyHandler<T> handler) {
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token.trim());
        }
        try {
            return http.send(b.build(), handler);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new CliException(
                    ExitCodes.UNREACHABLE,
                    "cannot reach the collector at " + base + ": " + inWords(e)
                            + ". Is it running? Point to it with --collector URL or KUBEMON_COLLECTOR.");
        } catch (IOException e) {
            throw new CliException(
                    ExitCodes.UNREACHABLE, "talking to the collector at " + base + " failed: " + inWords(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.ERROR, "interrupted");
        }
    }

    /** What went wrong, in words rather than an exception's class name. */
    static String inWords(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within the timeout (a firewall, or a host that is down)";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "it accepted the connection but did not answer in time";
        }
        if (root instanceof java.nio.channels.UnresolvedAddressException
                || root instanceof java.net.UnknownHostException) {
            return "its host name does not resolve";
        }
        if (e instanceof ConnectException || root instanceof ConnectException) {
            return "nothing accepts connections there (connection refused)";
        }
        if (root instanceof javax.net.ssl.SSLException) {
            return "the TLS handshake failed (" + root.getMessage() + ")";
        }
        String m = root.getMessage() != null ? root.getMessage() : e.getMessage();
        return m != null ? m : "the connection failed";
    }

    /** The body as JSON, or null when it is not (a proxy's page, or not a kubemon collector at all). */
    private JsonNode readJson(String text) {
        try {
            return text.isBlank() ? null : json.readTree(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The collector's error message, or the body's text when it sent none. */
    private static String message(JsonNode node, String text) {
        return node != null && node.has("message") ? node.get("message").asString() : text;
    }

    private URI uri(String path) {
        try {
            return URI.create(base + path);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "not a valid collector URL or run name: " + base + path);
        }
    }

    private static CliException failure(int status, String message) {
        return switch (status) {
            case 401 ->
                new CliException(
                        ExitCodes.UNAUTHORIZED, "the collector wants its token: " + message + ". Set KUBEMON_TOKEN.");
            case 409 -> new CliException(ExitCodes.CONFLICT, message);
            case 400, 404, 413, 415 -> new CliException(ExitCodes.REFUSED, message);
            case 507 -> new CliException(ExitCodes.STORE_FAILING, "the collector's data volume: " + message);
            default -> new CliException(ExitCodes.ERROR, "the collector answered " + status + ": " + message);
        };
    }

    private JsonNode send(String method, String path, String body) {
        HttpResponse<String> r = exchange(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Accept", "application/json")
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body)),
                HttpResponse.BodyHandlers.ofString());
        JsonNode node = readJson(r.body());
        int status = r.statusCode();
        if (status >= 200 && status < 300) {
            if (node == null) {
                throw new CliException(
                        ExitCodes.ERROR,
                        base + " answered " + status + " but not with JSON: is it a kubemon collector?");
            }
            return node;
        }
        throw failure(status, message(node, r.body()));
    }
}
