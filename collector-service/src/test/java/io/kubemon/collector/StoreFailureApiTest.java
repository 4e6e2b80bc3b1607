package io.kubemon.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.testsupport.TmpfsVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The collector over real HTTP with its data root on a real volume that fills (a tmpfs): batches
 * refused with 507 and Retry-After while it is full, the store's state everywhere it is shown,
 * recovery without a restart, a start refused on a volume too full for it (nothing created), a
 * start whose run.json cannot be written, and a finish whose files cannot be closed, completed
 * once space returns.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "kubemon.collector.journal-segment-bytes=1MB",
            "kubemon.collector.store-probe-max-backoff=500ms",
            "kubemon.collector.agent-timeout=30s"
        })
@DirtiesContext
class StoreFailureApiTest extends CollectorHttpTestBase {
    static TmpfsVolume volume;
    private String fullAgent;

    @BeforeAll
    static void mountTheDataVolume() throws Exception {
        // Mounted where the base class puts the data root, before the collector starts.
        volume = TmpfsVolume.mount(base.resolve("data"), 32L << 20, 300);
    }

    @AfterAll
    static void unmount() throws Exception {
        volume.close();
    }

    @AfterEach
    void giveTheSpaceBackAndStop() throws Exception {
        volume.free();
        await(
                "the store ok",
                () -> status().get("store").get("state").asString().equals("OK") ? true : null);
        post("/stop", null);
        await("no run active", () -> status().get("state").asString().matches("idle|finished") ? true : null);
    }

    private JsonNode status() throws Exception {
        return get("/status").json();
    }

    private static <T> T await(String what, Callable<T> probe) throws Exception {
        return io.kubemon.testsupport.Await.until(what, Duration.ofSeconds(60), probe);
    }

    /** 20 rows of the node's net table; the agent's node is the rows' source. */
    private String batchOf(String agent, String runId, long seq) {
        String node = agent.equals(fullAgent) ? "n-full" : "n-finish";
        List<String> samples = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            samples.add(netSample(node, 1_764_000_000_000L + seq * 1000, "eth" + i, seq));
        }
        return batch(agent, runId, seq, String.join(",", samples));
    }

    @Test
    void aFullVolumeAnswers507WithRetryAfterSaysSoEverywhereAndRecoversWithoutARestart() throws Exception {
        String agent = register("n-full");
        fullAgent = agent;
        String runId = start("full");
        for (long seq = 1; seq <= 3; seq++) {
            assertThat(post("/api/v1/batches", batchOf(agent, runId, seq)).status())
                    .isEqualTo(200);
        }
        volume.fill(0);
        long refusedAt = -1;
        Reply refusal = null;
        for (long seq = 4; seq < 400 && refusedAt < 0; seq++) {
            Reply r = post("/api/v1/batches", batchOf(agent, runId, seq));
            if (r.status() != 200) {
                refusedAt = seq;
                refusal = r;
            }
        }
        assertThat(refusal).as("the full volume refused a batch").isNotNull();
        assertThat(refusal.status()).as(refusal.body()).isEqualTo(507);
        assertThat(refusal.json().get("error").asString()).isEqualTo("store_unavailable");
        assertThat(refusal.json().get("message").asString()).contains("no space left on the data volume");
        HttpResponseHeaders headers = headersOf("POST", "/api/v1/batches", batchOf(agent, runId, refusedAt));
        assertThat(headers.status()).isEqualTo(507);
        assertThat(headers.retryAfter()).isEqualTo("2");

        JsonNode s = status();
        assertThat(s.get("store").get("state").asString()).isEqualTo("FAILING");
        assertThat(s.get("store").get("cause").asString()).isEqualTo("NO_SPACE");
        assertThat(s.get("store").get("refusedBatches").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(s.get("store").get("freeBytes").asLong()).isLessThan(64 << 10);
        assertThat(get("/actuator/health/readiness").status()).isEqualTo(503);
        assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(get("/instances").json().get("store").get("state").asString())
                .isEqualTo("FAILING");
        assertThat(get("/runs").json().get("store").get("state").asString()).isEqualTo("FAILING");
        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).contains("kubemon_store_state 1.0");
        assertThat(metrics).containsPattern("kubemon_store_failures_total\\{cause=\"no_space\"[^}]*\\} [1-9]");
        assertThat(metrics)
                .containsPattern("kubemon_batches_rejected_total\\{reason=\"store_unavailable\"[^}]*\\} [1-9]");

        volume.free();
        await(
                "the store ok",
                () -> status().get("store").get("state").asString().equals("OK") ? true : null);
        assertThat(get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(get("/actuator/prometheus").body()).contains("kubemon_store_state 0.0");
        // The fault is in the run's timeline once the volume takes writes again: since when, why, and its end.
        List<String> timeline = await("the fault in the run's events", () -> {
            Path events = base.resolve("data/full/events/collector.csv");
            if (!Files.exists(events)) {
                return null;
            }
            List<String> kinds = io.kubemon.testsupport.CsvRows.byColumn(events).stream()
                    .map(r -> r.get("kind") + " " + r.get("detail"))
                    .toList();
            return kinds.stream().anyMatch(k -> k.startsWith("store_recovered")) ? kinds : null;
        });
        assertThat(timeline).anyMatch(k -> k.startsWith("store_failing no space left on the data volume"));
        long last = refusedAt + 4;
        for (long seq = 1; seq <= last; seq++) {
            assertThat(post("/api/v1/batches", batchOf(agent, runId, seq)).status())
                    .isEqualTo(200);
        }
        post("/stop", null);
        JsonNode done = await("finished", () -> status().get("state").asString().equals("finished") ? status() : null);
        assertThat(done.get("rows").asLong()).isEqualTo(last * 20);
        List<String> lines = Files.readAllLines(base.resolve("data/full/os/n-full.net.csv"));
        assertThat(lines).hasSize(1 + (int) last * 20);
        assertThat(lines.stream().filter(l -> l.startsWith("timestamp,"))).hasSize(1);
    }

    @Test
    void aStartOnAVolumeTooFullForTheJournalIsRefused507AndCreatesNothing() throws Exception {
        volume.fill(1L << 20); // 1 MiB free: less than two 1-MiB segments and the first rows
        Reply r = post("/start", "{\"outputDir\":\"nearly-full\",\"intervalMs\":1000}");
        assertThat(r.status()).as(r.body()).isEqualTo(507);
        assertThat(r.json().get("error").asString()).isEqualTo("insufficient_space");
        assertThat(r.json().get("message").asString()).contains("MiB free");
        assertThat(base.resolve("data/nearly-full")).doesNotExist();
        assertThat(base.resolve("data/.kubemon-active-run.json")).doesNotExist();
        assertThat(status().get("store").get("state").asString())
                .as("a refusal for space is not a failure of the store")
                .isEqualTo("OK");
    }

    @Test
    void aStartWhoseRunJsonCannotBeWrittenIsRefusedAndLeavesNothing() throws Exception {
        volume.fillInodes(0); // not even the run's directory can be made
        Reply noDir = post("/start", "{\"outputDir\":\"no-record\",\"intervalMs\":1000}");
        assertThat(noDir.status()).as(noDir.body()).isEqualTo(507);
        assertThat(noDir.json().get("error").asString()).isEqualTo("store_unavailable");
        volume.free();
        // Two inodes left: the run's directory and its journal segment are made, run.json's temp file is not.
        volume.fillInodes(2);
        Reply r = post("/start", "{\"outputDir\":\"no-record\",\"intervalMs\":1000}");
        assertThat(r.status()).as(r.body()).isEqualTo(507);
        assertThat(r.json().get("error").asString()).isEqualTo("store_unavailable");
        assertThat(r.json().get("message").asString()).contains("nothing was created");
        assertThat(base.resolve("data/no-record")).doesNotExist();
        assertThat(base.resolve("data/.kubemon-active-run.json")).doesNotExist();
        volume.free();
        await(
                "the store ok",
                () -> status().get("store").get("state").asString().equals("OK") ? true : null);
        assertThat(post("/start", "{\"outputDir\":\"no-record\",\"intervalMs\":1000}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aFinishOnAFullVolumeIsCompletedOnceSpaceReturns() throws Exception {
        String agent = register("n-finish");
        String runId = start("finish-full");
        for (long seq = 1; seq <= 3; seq++) {
            assertThat(post("/api/v1/batches", batchOf(agent, runId, seq)).status())
                    .isEqualTo(200);
        }
        volume.fill(0);
        JsonNode stop = post("/stop", null).json();
        assertThat(stop.get("state").asString()).isEqualTo("finished");
        assertThat(status().get("store").get("state").asString()).isEqualTo("FAILING");
        Path runJson = base.resolve("data/finish-full/run.json");
        assertThat(get("/runs").json().toString()).contains("finish-full");
        assertThat(io.kubemon.common.wire.RunRecords.readRecord(runJson).finished())
                .as("run.json still the start's")
                .isFalse();
        assertThat(base.resolve("data/.kubemon-active-run.json"))
                .as("kept until the run's files are complete, so a restart would finish it")
                .exists();
        // A batch the store took is a duplicate; one it did not is kept by the agent (507), not
        // refused: whether the journal holds it is known once the files are recovered.
        assertThat(post("/api/v1/batches", batchOf(agent, runId, 3))
                        .json()
                        .get("duplicate")
                        .asBoolean())
                .isTrue();
        assertThat(post("/api/v1/batches", batchOf(agent, runId, 4)).status()).isEqualTo(507);
        volume.free();
        await(
                "run.json final",
                () -> io.kubemon.common.wire.RunRecords.readRecord(runJson).finishedAt() != null ? true : null);
        JsonNode meta = get("/runs").json();
        assertThat(meta.toString()).contains("\"state\":\"finished\"");
        assertThat(base.resolve("data/.kubemon-active-run.json")).doesNotExist();
        assertThat(Files.readAllLines(base.resolve("data/finish-full/os/n-finish.net.csv")))
                .hasSize(1 + 3 * 20);
        assertThat(post("/api/v1/batches", batchOf(agent, runId, 3))
                        .json()
                        .get("duplicate")
                        .asBoolean())
                .isTrue();
    }

    record HttpResponseHeaders(int status, String retryAfter) {}

    private HttpResponseHeaders headersOf(String method, String path, String body) throws Exception {
        var r = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/json")
                        .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new HttpResponseHeaders(
                r.statusCode(), r.headers().firstValue("Retry-After").orElse(null));
    }
}
