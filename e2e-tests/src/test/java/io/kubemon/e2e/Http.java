package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON-over-HTTP client for driving the services, and waiting for them. */
final class Http {
    private final HttpClient http;
    private final String token;
    private final JsonMapper json = JsonMapper.builder().build();

    Http(HttpClient http, String token) {
        this.http = http;
        this.token = token;
    }

    Http() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(), null);
    }

    JsonNode call(String method, String url, String body) throws Exception {
        Answer a = exchange(method, url, body, Duration.ofSeconds(10));
        assertThat(a.status()).as(method + " " + url + " -> " + a.text()).isBetween(200, 299);
        return json.readTree(a.text());
    }

    /** The status and body of a call, whatever the status: for refusals a test expects. */
    record Answer(int status, JsonNode body, String text) {}

    Answer exchange(String method, String url, String body) throws Exception {
        return exchange(method, url, body, Duration.ofSeconds(30));
    }

    private Answer exchange(String method, String url, String body, Duration timeout) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node;
        try {
            node = r.body().isBlank() ? null : json.readTree(r.body());
        } catch (RuntimeException notJson) {
            node = null; // an error page, or a plain-text answer: the text is there
        }
        return new Answer(r.statusCode(), node, r.body());
    }

    static <T> T await(String what, Duration timeout, Callable<T> probe) throws Exception {
        return io.kubemon.testsupport.Await.until(what, timeout, probe);
    }
}
