package io.kubemon.collector.group;

import io.kubemon.collector.config.CollectorProperties;
import io.kubemon.collector.security.SecurityProperties;
import io.kubemon.common.tls.TrustStores;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls from one collector to the others of its group: the control plane's fan-out. Every call
 * carries the group's token (the same {@code kubemon.security.token} agents send) and, to https
 * peers, trusts {@code kubemon.collector.peer-trust-store}. A peer that does not answer is an
 * {@link Answer} with an error, never an exception: the caller says which peers it could not reach.
 */
@Component
public class PeerClient {
    /** Control calls are small; a peer that takes longer than this is reported as unreachable. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;
    private final String token;
    private final JsonMapper json;

    public PeerClient(CollectorProperties properties, SecurityProperties security, JsonMapper json) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3));
        if (properties.peerTrustStore() != null) {
            b.sslContext(trusting(properties));
        }
        this.http = b.build();
        this.token = security.enabled() ? security.token().trim() : null;
        this.json = json;
    }

    /** A peer's answer: its HTTP status and JSON body, or {@code status} 0 and why it could not be reached. */
    public record Answer(String peer, int status, JsonNode body, String error) {
        public boolean ok() {
            return status >= 200 && status < 300 && body != null;
        }

        /** What went wrong, for a person: the peer's own error message, or why it did not answer. */
        public String problem() {
            if (status == 0) {
                return error;
            }
            String message =
                    body != null && body.has("message") ? body.get("message").asString() : error;
            return "answered " + status + (message == null || message.isBlank() ? "" : ": " + message);
        }
    }

    public CompletableFuture<Answer> get(String peer, String pathAndQuery) {
        return send(peer, request(peer, pathAndQuery, TIMEOUT).GET(), TIMEOUT);
    }

    public CompletableFuture<Answer> post(String peer, String pathAndQuery, Object body, Duration timeout) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body));
        return send(
                peer,
                request(peer, pathAndQuery, timeout)
                        .header("Content-Type", "application/json")
                        .POST(publisher),
                timeout);
    }

    /** The same call to every peer at once; answers in the peers' order. */
    public List<Answer> all(List<String> peers, java.util.function.Function<String, CompletableFuture<Answer>> call) {
        List<CompletableFuture<Answer>> pending = new ArrayList<>();
        for (String p : peers) {
            pending.add(call.apply(p));
        }
        List<Answer> out = new ArrayList<>();
        for (CompletableFuture<Answer> f : pending) {
            out.add(f.join());
        }
        return out;
    }

    /** A binary answer (a run's archive) as a stream; the caller closes it. Throws when the peer does not answer 200. */
    public InputStream download(String peer, String pathAndQuery) throws IOException {
        try {
            HttpResponse<InputStream> r = http.send(
                    request(peer, pathAndQuery, Duration.ofMinutes(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                String text;
                try (InputStream in = r.body()) {
                    text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
                }
                throw new IOException(peer + " answered " + r.statusCode() + ": " + text);
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private HttpRequest.Builder request(String peer, String pathAndQuery, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(peer + pathAndQuery))
                .timeout(timeout)
                .header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private CompletableFuture<Answer> send(String peer, HttpRequest.Builder request, Duration timeout) {
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .orTimeout(timeout.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((r, failure) -> {
                    if (failure != null) {
                        Throwable t = failure instanceof java.util.concurrent.CompletionException
                                        && failure.getCause() != null
                                ? failure.getCause()
                                : failure;
                        String why = t.getMessage() == null
                                ? t.getClass().getSimpleName()
                                : t.getClass().getSimpleName() + ": " + t.getMessage();
                        return new Answer(peer, 0, null, "unreachable (" + why + ")");
                    }
                    JsonNode body;
                    try {
                        body = r.body() == null || r.body().isBlank() ? null : json.readTree(r.body());
                    } catch (RuntimeException e) {
                        body = null;
                    }
                    return new Answer(peer, r.statusCode(), body, body == null ? r.body() : null);
                });
    }

    /** A value as JSON, as this collector would answer it. */
    public JsonNode tree(Object value) {
        return json.valueToTree(value);
    }

    public <T> T as(JsonNode node, Class<T> type) {
        return json.treeToValue(node, type);
    }

    private static SSLContext trusting(CollectorProperties p) {
        TrustManagerFactory tmf =
                TrustStores.load(p.peerTrustStore(), p.peerTrustStorePassword(), "kubemon.collector.peer-trust-store");
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot use kubemon.collector.peer-trust-store " + p.peerTrustStore() + ": " + e, e);
        }
    }
}
