package io.kubemon.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The shared token over real HTTP: every path TokenFilter protects (the API, start, stop, abort, the
 * runs' data, and with protect-reads the reads) refuses a request without it with 401 and changes
 * nothing; health stays open for probes.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"kubemon.security.token=s3cret-token", "kubemon.security.protect-reads=true"})
class SecurityTest extends CollectorHttpTestBase {

    private HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyProtectedEndpointWantsTheTokenAndHealthStaysOpen() throws Exception {
        String[][] protectedCalls = {
            {"POST", "/api/v1/agents", "{\"nodeName\":\"n\"}"},
            {"POST", "/api/v1/agents/x/heartbeat", null},
            {"POST", "/api/v1/batches", "{\"agentId\":\"x\",\"seq\":1,\"samples\":[]}"},
            {"POST", "/start", "{\"outputDir\":\"sec\"}"},
            {"POST", "/stop", null},
            {"GET", "/instances", null},
            {"GET", "/status", null},
            {"GET", "/live", null},
            {"POST", "/abort?scope=local&runId=run-x", null},
            {"GET", "/runs", null},
            {"GET", "/runs/sec", null},
            {"GET", "/runs/sec/report", null},
            {"GET", "/runs/sec/files", null},
            {"POST", "/runs/current/marks", "{\"label\":\"x\"}"},
        };
        for (String[] c : protectedCalls) {
            for (String token : new String[] {null, "wrong", "s3cret-token-but-longer", ""}) {
                HttpResponse<String> r = call(c[0], c[1], c[2], token);
                assertThat(r.statusCode())
                        .as(c[0] + " " + c[1] + " with " + token)
                        .isEqualTo(401);
                assertThat(r.body()).contains("\"error\":\"unauthorized\"");
            }
        }
        assertThat(Files.exists(base.resolve("data/sec")))
                .as("the refused start created nothing")
                .isFalse();
        assertThat(call("GET", "/actuator/health/liveness", null, null).statusCode())
                .isEqualTo(200);
        assertThat(call("GET", "/actuator/health/readiness", null, null).statusCode())
                .isEqualTo(200);

        assertThat(call("POST", "/api/v1/agents", "{\"nodeName\":\"n\"}", "s3cret-token")
                        .statusCode())
                .isEqualTo(200);
        assertThat(call("POST", "/start", "{\"outputDir\":\"sec\"}", "s3cret-token")
                        .statusCode())
                .isEqualTo(200);
        assertThat(call("GET", "/status", null, "s3cret-token").body()).contains("\"collecting\":true");
        assertThat(call("POST", "/runs/current/marks", "{\"label\":\"with the token\"}", "s3cret-token")
                        .statusCode())
                .isEqualTo(201);
        assertThat(call("POST", "/stop", null, "s3cret-token").statusCode()).isEqualTo(200);
    }
}
