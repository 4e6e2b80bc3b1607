package io.kubemon.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The collector's REST API over real HTTP on loopback, with a real data directory. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "kubemon.collector.max-batch-bytes=65536",
            "kubemon.collector.max-rows-per-batch=100",
            "kubemon.collector.agent-timeout=2s"
        })
class CollectorApiTest extends CollectorHttpTestBase {
    private final JsonMapper json = JsonMapper.builder().build();

    /** Every file under the data root with its bytes, to prove a refusal wrote nothing. */
    static Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(base.resolve("data"))) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                // The journal's spare segment is a retired one kept for reuse, not a write of any batch.
                if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".kubemon-wal-spare")) {
                    files.put(base.relativize(p).toString(), Files.readString(p));
                }
            }
        }
        return files;
    }

    @AfterEach
    void stopAnyRun() throws Exception {
        post("/stop", null);
    }

    @Test
    void registeringAgainFromTheSameNodeKeepsOneIdentity() throws Exception {
        String a = register("node-a");
        String again = register("node-a");
        String b = register("node-b");
        assertThat(again).isEqualTo(a);
        assertThat(b).isNotEqualTo(a);
        JsonNode list = get("/instances").json();
        List<String> nodes = list.get("instances")
                .valueStream()
                .map(n -> n.get("nodeName").asString())
                .toList();
        assertThat(nodes.stream().filter("node-a"::equals)).hasSize(1);
        assertThat(list.get("count").asInt()).isEqualTo(list.get("instances").size());
        JsonNode entry = list.get("instances")
                .valueStream()
                .filter(n -> n.get("nodeName").asString().equals("node-a"))
                .findFirst()
                .orElseThrow();
        assertThat(entry.get("agentId").asString()).isEqualTo(a);
        assertThat(entry.get("address").asString()).isEqualTo("http://node-a:8081");
        assertThat(entry.get("monitors").get(0).asString()).isEqualTo("os");
        assertThat(entry.get("state").asString()).isEqualTo("CONNECTED");
    }

    @Test
    void plainTextInstancesForShellScripts() throws Exception {
        register("plain-1");
        Reply r = send("GET", "/instances", null, null, "text/plain");
        assertThat(r.contentType()).startsWith("text/plain");
        assertThat(r.body()).matches("Connected instances: \\d+\\n");
        int connected = (int) get("/instances")
                .json()
                .get("instances")
                .valueStream()
                .filter(n -> n.get("state").asString().equals("CONNECTED"))
                .count();
        assertThat(r.body().trim()).isEqualTo("Connected instances: " + connected);
    }

    @Test
    void silentAgentsAreShownAsLostNotDropped() throws Exception {
        String id = register("quiet-node");
        Thread.sleep(2300);
        String beating = register("beating-node");
        JsonNode list = get("/instances").json();
        Map<String, String> states = new TreeMap<>();
        list.get("instances")
                .forEach(n ->
                        states.put(n.get("nodeName").asString(), n.get("state").asString()));
        assertThat(states).containsEntry("quiet-node", "LOST").containsEntry("beating-node", "CONNECTED");
        assertThat(post("/api/v1/agents/" + id + "/heartbeat", null).status()).isEqualTo(200);
        assertThat(get("/instances")
                        .json()
                        .get("instances")
                        .valueStream()
                        .filter(n -> n.get("agentId").asString().equals(id))
                        .findFirst()
                        .orElseThrow()
                        .get("state")
                        .asString())
                .isEqualTo("CONNECTED");
        assertThat(beating).isNotBlank();
    }

    @Test
    void heartbeatReportsShowInInstances() throws Exception {
        String id = register("report-node");
        Reply r = post(
                "/api/v1/agents/" + id + "/heartbeat",
                "{\"notices\":[\"docker: no Docker socket at /var/run/docker.sock\"],\"droppedRows\":7,\"queuedBatches\":2}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode entry = get("/instances")
                .json()
                .get("instances")
                .valueStream()
                .filter(n -> n.get("agentId").asString().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(entry.get("notices").get(0).asString())
                .isEqualTo("docker: no Docker socket at /var/run/docker.sock");
        assertThat(entry.get("droppedRows").asLong()).isEqualTo(7);
        // A later report replaces the notices: the condition is over.
        Reply second = post("/api/v1/agents/" + id + "/heartbeat", "{\"notices\":[],\"droppedRows\":7}");
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        entry = get("/instances")
                .json()
                .get("instances")
                .valueStream()
                .filter(n -> n.get("agentId").asString().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(entry.get("notices")).isEmpty();
    }

    @Test
    void heartbeatCarriesTheDesiredState() throws Exception {
        String id = register("hb-node");
        JsonNode idle = post("/api/v1/agents/" + id + "/heartbeat", null).json();
        assertThat(idle.get("collecting").asBoolean()).isFalse();
        String run = start("hb-run");
        JsonNode busy = post("/api/v1/agents/" + id + "/heartbeat", null).json();
        assertThat(busy.get("collecting").asBoolean()).isTrue();
        assertThat(busy.get("runId").asString()).isEqualTo(run);
        assertThat(busy.get("outputDir").asString()).isEqualTo("hb-run");
        assertThat(busy.get("intervalMs").asLong()).isEqualTo(1000);
        Reply unknown = post("/api/v1/agents/no-such-agent/heartbeat", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asString()).isEqualTo("unknown_agent");
    }

    @Test
    void batchesAppendRowsUnderTheRunDirectoryWithOneHeader() throws Exception {
        String id = register("writer-node");
        String run = start("exp-write");
        assertThat(post(
                                "/api/v1/batches",
                                batch(
                                        id,
                                        run,
                                        1,
                                        netSample("writer-node", 1_764_000_001_000L, "eth0", 10) + ","
                                                + netSample("writer-node", 1_764_000_001_000L, "lo", 20)))
                        .status())
                .isEqualTo(200);
        Reply second =
                post("/api/v1/batches", batch(id, run, 2, netSample("writer-node", 1_764_000_002_000L, "eth0", 30)));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("rows").asInt()).isEqualTo(1);

        Path file = base.resolve("data/exp-write/os/writer-node.net.csv");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("timestamp,interval_ms,node,agent_id,seq,interface,receive_bytes,");
        assertThat(lines.get(1)).startsWith("2025-11-24T16:00:01.000Z,1000,writer-node," + id + ",1,eth0,10,");
        assertThat(lines.get(3)).startsWith("2025-11-24T16:00:02.000Z,1000,writer-node," + id + ",2,eth0,30,");
        assertThat(lines.get(1).split(",", -1)).hasSize(io.kubemon.common.schema.OsTables.OS_NET.header().length);
        assertThat(lines.get(1)).contains(",0.5,");

        JsonNode status = get("/status").json();
        assertThat(status.get("collecting").asBoolean()).isTrue();
        assertThat(status.get("rows").asLong()).isEqualTo(3);

        JsonNode summary = post("/stop", null).json();
        assertThat(summary.get("runId").asString()).isEqualTo(run);
        assertThat(summary.get("rows").asLong()).isEqualTo(3);
        assertThat(summary.get("monitors").get("os").get("files").asLong()).isEqualTo(1);
        assertThat(summary.get("monitors").get("os").get("rows").asLong()).isEqualTo(3);
        JsonNode runFile = json.readTree(Files.readString(base.resolve("data/exp-write/run.json")));
        assertThat(runFile.get("rows").asLong()).isEqualTo(3);
        assertThat(runFile.get("schemaVersions").get("os_net").asInt()).isEqualTo(1);
        JsonNode instance = get("/instances")
                .json()
                .get("instances")
                .valueStream()
                .filter(n -> n.get("agentId").asString().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(instance.get("batches").asLong()).isEqualTo(2);
        assertThat(instance.get("rows").asLong()).isEqualTo(3);

        Reply late =
                post("/api/v1/batches", batch(id, run, 3, netSample("writer-node", 1_764_000_003_000L, "eth0", 1)));
        assertThat(late.status()).isEqualTo(409);
        assertThat(Files.readAllLines(file)).hasSize(4);
    }

    @Test
    void everyBadBatchIsRefusedWithAClearErrorAndWritesNothing() throws Exception {
        String id = register("bad-node");
        String run = start("exp-bad");
        assertThat(post("/api/v1/batches", batch(id, run, 1, netSample("bad-node", 1_764_000_001_000L, "eth0", 1)))
                        .status())
                .isEqualTo(200);
        Map<String, String> before = snapshot();
        String tooMany =
                String.join(",", java.util.Collections.nCopies(101, netSample("bad-node", 1_764_000_001_000L, "x", 1)));
        String huge = "{\"agentId\":\"" + id + "\",\"seq\":5,\"samples\":[],\"pad\":\"" + "x".repeat(70_000) + "\"}";
        Object[][] cases = {
            {"{\"agentId\": ", 400, "malformed_json", "not a valid JSON batch"},
            {"", 400, "malformed_json", "empty"},
            {"[1,2]", 400, "malformed_json", "not a valid JSON batch"},
            {"{\"agentId\":\"x\",\"seq\":\"abc\"}", 400, "malformed_json", "abc"},
            {batch("ghost", run, 2, netSample("n", 1_764_000_001_000L, "eth0", 1)), 404, "unknown_agent", "ghost"},
            {
                batch(
                        id,
                        run,
                        2,
                        "{\"table\":\"os_net\",\"source\":\"bad-node\",\"timestamp\":1764000001000,\"intervalMs\":1000,\"values\":{\"bogus_column\":1}}"),
                400,
                "invalid_sample",
                "unknown column 'bogus_column'"
            },
            {
                batch(
                        id,
                        run,
                        2,
                        "{\"table\":\"nope\",\"source\":\"s\",\"timestamp\":1764000001000,\"intervalMs\":1,\"values\":{}}"),
                400,
                "invalid_sample",
                "unknown table 'nope'"
            },
            {
                batch(
                        id,
                        run,
                        2,
                        "{\"table\":\"os_net\",\"source\":\"s\",\"timestamp\":1764000001000,\"intervalMs\":1,\"values\":{\"receive_bytes\":\"lots\"}}"),
                400,
                "invalid_sample",
                "takes a number"
            },
            // A good first sample must not be written when a later one in the batch is bad.
            {
                batch(
                        id,
                        run,
                        2,
                        netSample("bad-node", 1_764_000_002_000L, "eth0", 1)
                                + ",{\"table\":\"os_net\",\"source\":\"s\",\"timestamp\":-5,\"intervalMs\":1,\"values\":{}}"),
                400,
                "invalid_sample",
                "samples[1]"
            },
            {batch(id, run, 0, ""), 400, "invalid_batch", "seq"},
            {batch(id, run, 2, tooMany), 413, "batch_too_large", "at most 100"},
            {huge, 413, "batch_too_large", "65536"},
            {
                batch(id, "run-other", 2, netSample("bad-node", 1_764_000_002_000L, "eth0", 1)),
                409,
                "run_mismatch",
                "run-other"
            },
        };
        for (Object[] c : cases) {
            Reply r = post("/api/v1/batches", (String) c[0]);
            String what = ((String) c[0]).substring(0, Math.min(80, ((String) c[0]).length()));
            assertThat(r.status()).as(what + " -> " + r.body()).isEqualTo(c[1]);
            JsonNode err = r.json();
            assertThat(err.get("status").asInt()).isEqualTo(c[1]);
            assertThat(err.get("error").asString()).as(what).isEqualTo(c[2]);
            assertThat(err.get("message").asString()).as(what).contains((String) c[3]);
            assertThat(snapshot()).as("files after " + what).isEqualTo(before);
        }
        Reply text = send("POST", "/api/v1/batches", "agentId=x", "text/plain", null);
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.json().get("error").asString()).isEqualTo("unsupported_media_type");
        assertThat(snapshot()).isEqualTo(before);

        post("/stop", null);
        Map<String, String> stopped = snapshot();
        Reply noRun = post("/api/v1/batches", batch(id, null, 9, netSample("bad-node", 1_764_000_009_000L, "eth0", 1)));
        assertThat(noRun.status()).isEqualTo(409);
        assertThat(noRun.json().get("error").asString()).isEqualTo("no_active_run");
        assertThat(snapshot()).isEqualTo(stopped);
    }

    @Test
    void aCheckedBatchIsValidatedButNeverWrittenNorNeedsARunOrARegistration() throws Exception {
        Map<String, String> before = snapshot();
        Reply ok = post(
                "/api/v1/batches?check=true",
                batch(
                        "warm-up-node",
                        null,
                        1,
                        netSample("warm-up-node", 1_764_000_001_000L, "eth0", 10) + ","
                                + netSample("warm-up-node", 1_764_000_001_000L, "lo", 2)));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("rows").asInt()).isEqualTo(2);
        Reply bad = post(
                "/api/v1/batches?check=true",
                batch(
                        "warm-up-node",
                        null,
                        1,
                        "{\"table\":\"os_net\",\"source\":\"s\",\"timestamp\":1764000001000,\"intervalMs\":1000,\"values\":{\"bogus_column\":1}}"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("message").asString()).contains("unknown column 'bogus_column'");
        // Checked during a run: still nothing in its files.
        String id = register("check-node");
        String run = start("exp-check");
        Map<String, String> running = snapshot();
        assertThat(post(
                                "/api/v1/batches?check=true",
                                batch(id, run, 1, netSample("check-node", 1_764_000_001_000L, "eth0", 1)))
                        .status())
                .isEqualTo(200);
        assertThat(snapshot()).isEqualTo(running);
        assertThat(get("/status").json().get("rows").asLong()).isZero();
        assertThat(post("/api/v1/batches", batch(id, run, 1, netSample("check-node", 1_764_000_001_000L, "eth0", 1)))
                        .json()
                        .get("duplicate")
                        .asBoolean())
                .as("seq 1 was never taken by the check")
                .isFalse();
        post("/stop", null);
        assertThat(before).isNotNull();
    }

    @Test
    void aBodyCutShortOfItsContentLengthIsRefusedAndWritesNothing() throws Exception {
        String id = register("cut-node");
        String run = start("exp-cut");
        Map<String, String> before = snapshot();
        byte[] whole = batch(id, run, 1, netSample("cut-node", 1_764_000_001_000L, "eth0", 1))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // The client declares the whole batch, sends half of it and stops sending.
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream()
                    .write(("POST /api/v1/batches HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: " + whole.length + "\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().write(whole, 0, whole.length / 2);
            s.getOutputStream().flush();
            s.shutdownOutput();
            String reply = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            // 400; the body is Tomcat's own: once the client's stream has failed, the container
            // answers for the request (the collector refuses it as truncated_body, not as an error).
            assertThat(reply).startsWith("HTTP/1.1 400");
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void sourceNamesCannotEscapeTheMonitorDirectory() throws Exception {
        String id = register("escape-node");
        String run = start("exp-names");
        Reply r = post(
                "/api/v1/batches",
                batch(id, run, 1, netSample("../../../etc/evil\\u0007name", 1_764_000_001_000L, "eth0", 1)));
        assertThat(r.status()).isEqualTo(200);
        try (Stream<Path> files = Files.list(base.resolve("data/exp-names/os"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("_._.._.._etc_evil_name.net.csv");
        }
    }

    @Test
    void startRefusesPathsOutsideTheDataRootAndASecondRun() throws Exception {
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.createSymbolicLink(base.resolve("data/link-out"), outside);
        Map<String, String> before = snapshot();
        Object[][] bad = {
            {"{\"outputDir\":\"../escape\"}", "'..'"},
            {"{\"outputDir\":\"a/../../escape\"}", "'..'"},
            {"{\"outputDir\":\"/tmp/abs\"}", "absolute"},
            {"{\"outputDir\":\"link-out/run\"}", "outside the data root"},
            {"{\"outputDir\":\"link-out\"}", "outside the data root"},
            {"{\"outputDir\":\"\"}", "required"},
            {"{}", "required"},
            {"{\"outputDir\":\"ok\",\"intervalMs\":0}", "intervalMs"},
            {"{\"outputDir\":\"ok\",\"intervalMs\":\"fast\"}", "JSON"},
            {"{not json", "JSON"},
        };
        for (Object[] c : bad) {
            Reply r = post("/start", (String) c[0]);
            assertThat(r.status()).as((String) c[0] + " -> " + r.body()).isEqualTo(400);
            assertThat(r.json().get("message").asString()).as((String) c[0]).contains((String) c[1]);
        }
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s).as("nothing created through the symlink").isEmpty();
        }
        assertThat(Files.exists(base.resolve("escape"))).isFalse();
        assertThat(get("/status").json().get("collecting").asBoolean()).isFalse();
        assertThat(snapshot()).isEqualTo(before);

        String run = start("nested/exp-ok");
        Reply second = post("/start", "{\"outputDir\":\"other\"}");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("error").asString()).isEqualTo("run_active");
        assertThat(Files.exists(base.resolve("data/other"))).isFalse();
        assertThat(get("/status").json().get("runId").asString()).isEqualTo(run);
        post("/stop", null);

        Reply reuse = post("/start", "{\"outputDir\":\"nested/exp-ok\"}");
        assertThat(reuse.status()).isEqualTo(409);
        assertThat(reuse.json().get("error").asString()).isEqualTo("output_dir_not_empty");
        Reply stopIdle = post("/stop", null);
        assertThat(stopIdle.status()).isEqualTo(409);
        assertThat(stopIdle.json().get("error").asString()).isEqualTo("no_active_run");
    }

    @Test
    void selfMetricsForPrometheus() throws Exception {
        String id = register("metrics-node");
        String run = start("exp-metrics");
        post("/api/v1/batches", batch(id, run, 1, netSample("metrics-node", 1_764_000_001_000L, "eth0", 1)));
        post("/api/v1/batches", batch(id, run, 1, netSample("metrics-node", 1_764_000_001_000L, "eth0", 1)));
        post(
                "/api/v1/batches",
                batch(id, run, 2, "{\"table\":\"nope\",\"source\":\"s\",\"timestamp\":1,\"intervalMs\":1}"));
        String text = get("/actuator/prometheus").body();
        assertThat(text)
                .containsPattern("kubemon_rows_ingested_total(\\{[^}]*\\})? [1-9]")
                .containsPattern("kubemon_batches_duplicate_total(\\{[^}]*\\})? [1-9]")
                .contains("kubemon_batches_rejected_total{reason=\"invalid_sample\"")
                .contains("kubemon_agents{state=\"connected\"}")
                .contains("kubemon_batch_latency_seconds");
    }

    @Test
    void healthHasLivenessAndReadinessGroups() throws Exception {
        assertThat(get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
        assertThat(get("/actuator/health/liveness").json().get("status").asString())
                .isEqualTo("UP");
        JsonNode readiness = get("/actuator/health/readiness").json();
        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        assertThat(readiness.get("components").has("dataDir")).isTrue();
    }

    static String account(String runId, long sampled, long sent, long outstanding, Long stopAt) {
        return "{\"runs\":[{\"runId\":\"" + runId + "\",\"sampledRows\":" + sampled + ",\"sentRows\":" + sent
                + ",\"outstandingRows\":" + outstanding + ",\"droppedSpoolFull\":0,\"droppedRefused\":0,"
                + "\"droppedAgentRestart\":0,\"firstTickMs\":1000,\"lastTickMs\":3000,\"missedTicks\":0,\"stopAtMs\":"
                + stopAt + "}]}";
    }

    /** As {@link #account(String, long, long, long, Long)}, saying how many fields were malformed. */
    static String account(String runId, long sampled, long sent, long outstanding, Long stopAt, long malformed) {
        String plain = account(runId, sampled, sent, outstanding, stopAt);
        return plain.substring(0, plain.length() - 3) + ",\"malformedFields\":" + malformed + "}]}";
    }

    /**
     * The stop protocol as an agent sees it: the stop instant in the heartbeat answer and in batch
     * acknowledgements; batches up to it accepted while stopping, one after it refused; the run
     * finishes when the agent's account says nothing is outstanding, and run.json keeps the account.
     */
    @Test
    void aStoppingRunTakesWhatWasSampledUpToTheStopAndFinishesWhenTheAgentHasDelivered() throws Exception {
        String agent = register("drain-node");
        String runId = start("drain-run");
        long t = System.currentTimeMillis() / 1000 * 1000 - 5000;
        assertThat(post("/api/v1/agents/" + agent + "/heartbeat", account(runId, 2, 0, 2, null))
                        .status())
                .isEqualTo(200);
        assertThat(post("/api/v1/batches", batch(agent, runId, 1, netSample("drain-node", t, "eth0", 1)))
                        .status())
                .isEqualTo(200);

        JsonNode stopping = post("/stop", null).json();
        assertThat(stopping.get("state").asString()).isEqualTo("stopping");
        assertThat(stopping.get("collecting").asBoolean()).isFalse();
        long stopAt = java.time.Instant.parse(stopping.get("stopAt").asString()).toEpochMilli();
        assertThat(stopping.get("agents").get(0).get("drain").asString()).isEqualTo("delivering");
        assertThat(post("/start", "{\"outputDir\":\"another\"}")
                        .json()
                        .get("error")
                        .asString())
                .isEqualTo("run_stopping");

        JsonNode desired = post("/api/v1/agents/" + agent + "/heartbeat", account(runId, 2, 1, 1, null))
                .json();
        assertThat(desired.get("collecting").asBoolean()).isFalse();
        assertThat(desired.get("runId").asString()).isEqualTo(runId);
        assertThat(desired.get("stopAtMs").asLong()).isEqualTo(stopAt);

        Reply late = post("/api/v1/batches", batch(agent, runId, 3, netSample("drain-node", stopAt + 1000, "eth0", 3)));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().get("error").asString()).isEqualTo("after_stop");
        Reply backlog = post("/api/v1/batches", batch(agent, runId, 2, netSample("drain-node", t + 1000, "eth0", 2)));
        assertThat(backlog.status()).as(backlog.body()).isEqualTo(200);
        assertThat(backlog.json().get("stopAtMs").asLong())
                .as("the ack tells the stop")
                .isEqualTo(stopAt);
        assertThat(get("/status").json().get("state").asString())
                .as("not until the agent says so")
                .isEqualTo("stopping");

        post("/api/v1/agents/" + agent + "/heartbeat", account(runId, 2, 2, 0, stopAt, 3));
        JsonNode finished = get("/status").json();
        assertThat(finished.get("state").asString()).isEqualTo("finished");
        assertThat(finished.get("complete").asBoolean()).isTrue();
        JsonNode meta = json.readTree(Files.readString(base.resolve("data/drain-run/run.json")));
        JsonNode a = meta.get("agents").get(0);
        assertThat(a.get("nodeName").asString()).isEqualTo("drain-node");
        assertThat(a.get("drain").asString()).isEqualTo("delivered");
        assertThat(a.get("sampledRows").asLong()).isEqualTo(2);
        assertThat(a.get("deliveredRows").asLong()).isEqualTo(2);
        assertThat(a.get("missingRows").asLong()).isZero();
        assertThat(a.get("malformedFields").asLong())
                .as("cells a malformed field emptied are said with the run")
                .isEqualTo(3);
        assertThat(finished.get("agents").get(0).get("malformedFields").asLong())
                .isEqualTo(3);
        assertThat(meta.get("stopAt").asString())
                .isEqualTo(java.time.Instant.ofEpochMilli(stopAt).toString());

        // A resend whose acknowledgement was lost is still acknowledged after the run finished.
        Reply resend = post("/api/v1/batches", batch(agent, runId, 2, netSample("drain-node", t + 1000, "eth0", 2)));
        assertThat(resend.status()).isEqualTo(200);
        assertThat(resend.json().get("duplicate").asBoolean()).isTrue();
        Reply unknown = post("/api/v1/batches", batch(agent, runId, 9, netSample("drain-node", t + 2000, "eth0", 2)));
        assertThat(unknown.status()).isEqualTo(409);
    }

    /**
     * A stop soon after a collector restart: the agents register again, and the stop can fall
     * between an agent's registration and its first heartbeat. An agent that keeps run accounts
     * (it says so when it registers) is waited for then, not taken for a bare client that keeps
     * none: the run finished at once, with the agent's backlog refused, before this was said.
     */
    @Test
    void anAgentThatKeepsAccountsIsWaitedForBetweenItsRegistrationAndItsFirstReport() throws Exception {
        Reply reg =
                post("/api/v1/agents", "{\"nodeName\":\"rereg-node\",\"monitors\":[\"os\"],\"keepsRunAccounts\":true}");
        assertThat(reg.status()).isEqualTo(200);
        String agent = reg.json().get("agentId").asString();
        String runId = start("rereg-run");
        long t = System.currentTimeMillis() / 1000 * 1000 - 5000;
        assertThat(post("/api/v1/batches", batch(agent, runId, 1, netSample("rereg-node", t, "eth0", 1)))
                        .status())
                .isEqualTo(200);

        JsonNode stopping = post("/stop", null).json();
        long stopAt = java.time.Instant.parse(stopping.get("stopAt").asString()).toEpochMilli();
        assertThat(stopping.get("state").asString())
                .as("waits for the agent's account: %s", stopping)
                .isEqualTo("stopping");
        assertThat(stopping.get("agents").get(0).get("drain").asString()).isEqualTo("delivering");
        // Its backlog still arrives, then its first heartbeat says everything is delivered.
        assertThat(post("/api/v1/batches", batch(agent, runId, 2, netSample("rereg-node", t + 1000, "eth0", 2)))
                        .status())
                .isEqualTo(200);
        assertThat(get("/status").json().get("state").asString()).isEqualTo("stopping");
        post("/api/v1/agents/" + agent + "/heartbeat", account(runId, 2, 2, 0, stopAt));
        JsonNode finished = get("/status").json();
        assertThat(finished.get("state").asString()).isEqualTo("finished");
        assertThat(finished.get("complete").asBoolean()).as("%s", finished).isTrue();
        assertThat(finished.get("agents").get(0).get("deliveredRows").asLong()).isEqualTo(2);
    }

    /** What an agent says of its node at registration is in /instances and in the run's run.json. */
    @Test
    void theNodesInventoryIsShownAndKeptWithTheRun() throws Exception {
        String inventory =
                "{\"cpuModel\":\"Test CPU 9000\",\"sockets\":1,\"cores\":4,\"threads\":8,\"memoryBytes\":8589934592,"
                        + "\"kernel\":\"6.1.0-test\",\"os\":\"Debian GNU/Linux 12 (bookworm)\",\"containerRuntime\":\"docker\","
                        + "\"containerRuntimeVersion\":\"20.10.24\",\"cgroupVersion\":\"1+2\",\"bootTime\":\"2026-11-25T00:00:00Z\"}";
        Reply r = post(
                "/api/v1/agents",
                "{\"nodeName\":\"inv-node\",\"address\":\"http://inv-node:8081\",\"monitors\":[\"os\"],"
                        + "\"inventory\":" + inventory + "}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode shown = get("/instances")
                .json()
                .get("instances")
                .valueStream()
                .filter(i -> i.get("nodeName").asString().equals("inv-node"))
                .findFirst()
                .orElseThrow()
                .get("inventory");
        assertThat(shown.get("cpuModel").asString()).isEqualTo("Test CPU 9000");
        assertThat(shown.get("threads").asInt()).isEqualTo(8);
        start("inv-run");
        JsonNode nodes = json.readTree(Files.readString(base.resolve("data/inv-run/run.json")))
                .get("nodes");
        assertThat(nodes.get("inv-node").get("kernel").asString()).isEqualTo("6.1.0-test");
        assertThat(nodes.get("inv-node").get("cgroupVersion").asString()).isEqualTo("1+2");
        post("/stop", null);
        assertThat(json.readTree(Files.readString(base.resolve("data/inv-run/run.json")))
                        .get("nodes")
                        .has("inv-node"))
                .as("kept at the end, though the agent sent no batch")
                .isTrue();
    }
}
