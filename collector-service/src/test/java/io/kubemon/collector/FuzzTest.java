package io.kubemon.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Thousands of malformed, truncated, oversized and wrongly typed bodies against ingestion and
 * control, over real HTTP, with a run active: always a 4xx, never a 5xx, the collector stays up,
 * and the run's files stay byte-for-byte as they were. Seeded, so a failure can be replayed.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "kubemon.collector.max-batch-bytes=32768",
            "kubemon.collector.max-rows-per-batch=50",
            // The agent registered here sends no heartbeats: on a slow machine the cases outlast the
            // default timeout and the collector rightly writes agent_lost, which is not the fuzzer's doing.
            "kubemon.collector.agent-timeout=1h"
        })
class FuzzTest extends CollectorHttpTestBase {
    private static final long SEED = 20261124L;
    private static final int CASES = 3000;

    private int post(String path, byte[] body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(base.resolve("data"))) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                // The journal's spare segment is a retired one kept for reuse, not a write of any batch.
                if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".kubemon-wal-spare")) {
                    files.put(p.toString(), Files.readString(p));
                }
            }
        }
        return files;
    }

    @Test
    void malformedInputIsAlwaysA4xxAndChangesNothing() throws Exception {
        String agent = new String(http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/agents"))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"nodeName\":\"fuzz\"}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .replaceAll(".*\"agentId\":\"([^\"]+)\".*", "$1");
        assertThat(post("/start", "{\"outputDir\":\"fuzz-run\"}".getBytes(), "application/json"))
                .isEqualTo(200);
        String sample = "{\"table\":\"os_net\",\"source\":\"fuzz\",\"timestamp\":1764000000000,\"intervalMs\":1000,"
                + "\"values\":{\"interface\":\"eth0\",\"receive_bytes\":12,\"transmit_bytes\":3.5}}";
        assertThat(post(
                        "/api/v1/batches",
                        ("{\"agentId\":\"" + agent + "\",\"seq\":1,\"samples\":[" + sample + "]}").getBytes(),
                        "application/json"))
                .isEqualTo(200);
        Map<String, String> before = snapshot();

        // Bodies that reach past parsing carry an unregistered agent, so even a mutation that
        // happens to be valid is refused (404) after every parsing and validation step ran.
        String valid = "{\"agentId\":\"fuzz-unknown\",\"seq\":2,\"samples\":[" + sample + "," + sample + "]}";
        String[] typed = {
            "{\"agentId\":1,\"seq\":2,\"samples\":[]}",
            "{\"agentId\":\"x\",\"seq\":[],\"samples\":[]}",
            "{\"agentId\":\"x\",\"seq\":2,\"samples\":{}}",
            "{\"agentId\":\"x\",\"seq\":2,\"samples\":[1,2]}",
            "{\"agentId\":\"x\",\"seq\":1e400,\"samples\":[]}",
            "{\"agentId\":\"x\",\"seq\":99999999999999999999999}",
            "null",
            "[]",
            "\"text\"",
            "{}",
            "{\"samples\":[" + sample + "]}",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
            "{\"agentId\":\"" + agent
                    + "\",\"seq\":2,\"samples\":[{\"table\":\"os_net\",\"source\":\"\\u0000\",\"timestamp\":\"now\"}]}",
            "{\"agentId\":\"" + agent
                    + "\",\"seq\":2,\"samples\":[{\"table\":\"os_net\",\"source\":\"s\",\"timestamp\":1,\"intervalMs\":1,\"values\":{\"receive_bytes\":{\"a\":1}}}]}",
            "{\"agentId\":\"" + agent
                    + "\",\"seq\":2,\"samples\":[{\"table\":\"os_net\",\"source\":\"s\",\"timestamp\":1,\"intervalMs\":1,\"values\":{\"interface\":7}}]}",
        };
        Random random = new Random(SEED);
        int[] byClass = new int[6];
        for (int i = 0; i < CASES; i++) {
            byte[] body;
            String path = "/api/v1/batches";
            String type = "application/json";
            int kind = random.nextInt(8);
            byte[] v = valid.getBytes(StandardCharsets.UTF_8);
            switch (kind) {
                case 0 -> body = java.util.Arrays.copyOf(v, random.nextInt(v.length)); // truncated
                case 1 -> { // flipped bytes
                    body = v.clone();
                    for (int k = 0; k < 1 + random.nextInt(4); k++) {
                        body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                    }
                }
                case 2 -> body = typed[random.nextInt(typed.length)].getBytes(StandardCharsets.UTF_8);
                case 3 -> { // oversized
                    body = new byte[32768 + 1 + random.nextInt(20000)];
                    java.util.Arrays.fill(body, (byte) ' ');
                    body[0] = '{';
                }
                case 4 -> { // random bytes
                    body = new byte[random.nextInt(300)];
                    random.nextBytes(body);
                }
                case 5 -> { // control plane: a second start is refused whatever it says
                    path = "/start";
                    body = random.nextBoolean()
                            ? java.util.Arrays.copyOf("{\"outputDir\":\"../x\"}".getBytes(), random.nextInt(20))
                            : ("{\"outputDir\":\"f" + random.nextInt(1000) + "\",\"intervalMs\":"
                                            + (random.nextInt(3) - 1) + "}")
                                    .getBytes();
                }
                case 6 -> { // heartbeat of an unknown agent with junk
                    path = "/api/v1/agents/fuzz-" + random.nextInt(1000) + "/heartbeat";
                    body = java.util.Arrays.copyOf(v, random.nextInt(v.length));
                }
                default -> { // wrong content type
                    body = v;
                    type = random.nextBoolean() ? "text/plain" : "application/x-www-form-urlencoded";
                }
            }
            int status = post(path, body, type);
            assertThat(status)
                    .as(
                            "case %d (kind %d): %s",
                            i, kind, new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8))
                    .isBetween(400, 499);
            byClass[
                    switch (status) {
                        case 400 -> 0;
                        case 404 -> 1;
                        case 409 -> 2;
                        case 413 -> 3;
                        case 415 -> 4;
                        default -> 5;
                    }]++;
        }
        assertThat(snapshot()).isEqualTo(before);
        // The fuzzer reached every kind of refusal, and the collector still works.
        assertThat(byClass[0]).as("400s").isPositive();
        assertThat(byClass[1]).as("404s").isPositive();
        assertThat(byClass[2]).as("409s").isPositive();
        assertThat(byClass[3]).as("413s").isPositive();
        assertThat(byClass[4]).as("415s").isPositive();
        assertThat(post(
                        "/api/v1/batches",
                        ("{\"agentId\":\"" + agent + "\",\"seq\":2,\"samples\":[" + sample + "]}").getBytes(),
                        "application/json"))
                .isEqualTo(200);
    }
}
