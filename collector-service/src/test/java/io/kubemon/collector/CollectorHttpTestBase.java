package io.kubemon.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every real-HTTP collector test shares: a collector on a random loopback port (the
 * subclass's {@code @SpringBootTest} sets its properties) writing under a fresh data directory.
 */
abstract class CollectorHttpTestBase {
    @TempDir
    static Path base;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("kubemon.collector.data-dir", () -> base.resolve("data").toString());
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    record Reply(int status, String body, String contentType) {
        JsonNode json() {
            return JsonMapper.builder().build().readTree(body);
        }
    }

    Reply send(String method, String path, String body, String contentType, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(
                r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
    }

    Reply post(String path, String body) throws Exception {
        return send("POST", path, body, "application/json", null);
    }

    Reply get(String path) throws Exception {
        return send("GET", path, null, null, null);
    }

    String register(String node) throws Exception {
        Reply r = post(
                "/api/v1/agents",
                "{\"nodeName\":\"" + node + "\",\"address\":\"http://" + node + ":8081\",\"monitors\":[\"os\"]}");
        assertThat(r.status()).isEqualTo(200);
        return r.json().get("agentId").asString();
    }

    String start(String dir) throws Exception {
        Reply r = post("/start", "{\"outputDir\":\"" + dir + "\",\"intervalMs\":1000}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("runId").asString();
    }

    static String batch(String agentId, String runId, long seq, String samples) {
        return "{\"agentId\":\"" + agentId + "\"," + (runId == null ? "" : "\"runId\":\"" + runId + "\",") + "\"seq\":"
                + seq + ",\"samples\":[" + samples + "]}";
    }

    static String netSample(String source, long ts, String itf, long rx) {
        return "{\"table\":\"os_net\",\"source\":\"" + source + "\",\"timestamp\":" + ts + ",\"intervalMs\":1000,"
                + "\"values\":{\"interface\":\"" + itf + "\",\"receive_bytes\":" + rx + ",\"transmit_bytes\":0.5}}";
    }
}
