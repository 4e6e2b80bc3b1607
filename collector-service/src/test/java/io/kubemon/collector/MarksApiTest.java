package io.kubemon.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.testsupport.CsvRows;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The run's timeline over real HTTP: marks (POST /runs/current/marks) and their refusals, an
 * agent's events table validated and written like any table, and the collector's own events (the
 * run's start, stop and finish, an agent registered) in events/collector.csv, exactly once and
 * outside every agent's account.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class MarksApiTest extends CollectorHttpTestBase {

    private static String eventSample(String node, long ts, String kind, String detail) {
        return "{\"table\":\"events\",\"source\":\"" + node + "\",\"timestamp\":" + ts + ",\"intervalMs\":0,"
                + "\"values\":{\"kind\":\"" + kind + "\",\"container_id\":\"c1\",\"container_name\":\"web\","
                + "\"pid\":42,\"detail\":\"" + detail + "\",\"source\":\"cgroup\"}}";
    }

    @Test
    void marksTheirRefusalsAndTheRunsOwnEventsLandInTheEventsTable() throws Exception {
        Reply none = post("/runs/current/marks", "{\"label\":\"too early\"}");
        assertThat(none.status()).isEqualTo(409);
        assertThat(none.json().get("message").asString()).contains("no run is active");

        String agent = register("n1");
        String runId = start("timeline");
        long now = System.currentTimeMillis();

        String late = register("n-late"); // an agent registering during the run is an event of it
        Reply mark = post("/runs/current/marks", "{\"label\":\"phase 2\"}");
        assertThat(mark.status()).as(mark.body()).isEqualTo(201);
        assertThat(mark.json().get("runId").asString()).isEqualTo(runId);
        assertThat(mark.json().get("label").asString()).isEqualTo("phase 2");
        Instant at = Instant.ofEpochMilli(now + 1);
        Reply given = post("/runs/current/marks", "{\"label\":\"load on\",\"at\":\"" + at + "\"}");
        assertThat(given.status()).as(given.body()).isEqualTo(201);
        assertThat(given.json().get("at").asString()).isEqualTo(at.toString());

        assertThat(post("/runs/current/marks", "{\"label\":\"  \"}").status()).isEqualTo(400);
        assertThat(post("/runs/current/marks", "{\"label\":\"" + "x".repeat(201) + "\"}")
                        .status())
                .isEqualTo(400);
        Reply future = post(
                "/runs/current/marks",
                "{\"label\":\"later\",\"at\":\"" + Instant.now().plus(Duration.ofHours(1)) + "\"}");
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.json().get("message").asString()).contains("must lie in run");
        assertThat(post("/runs/current/marks", "{\"label\":\"x\",\"at\":\"yesterday\"}")
                        .status())
                .isEqualTo(400);
        assertThat(post("/runs/current/marks", "{not json").status()).isEqualTo(400);

        JsonNode live = get("/live").json().get("events");
        assertThat(live)
                .as("the live page lists the run's events as they arrive, newest first")
                .extracting(
                        e -> e.get("kind").asString() + " " + e.get("detail").asString())
                .containsExactly(
                        "mark load on",
                        "mark phase 2",
                        "agent_registered agent " + late + " on n-late",
                        "run_started into timeline every 1000 ms");

        Reply batch = post(
                "/api/v1/batches", batch(agent, runId, 1, eventSample("n1", now, "oom_kill", "1 process(es) killed")));
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);

        Reply stopped = post("/stop?wait=true", null);
        assertThat(stopped.status()).isEqualTo(200);
        JsonNode s = stopped.json();
        assertThat(s.get("state").asString()).isEqualTo("finished");
        assertThat(s.get("agents"))
                .as("the collector keeps no account of itself")
                .extracting(a -> a.get("agentId").asString())
                .containsExactly(agent);

        Path dir = base.resolve("data/timeline/events");
        List<Map<String, String>> mine = CsvRows.byColumn(dir.resolve("collector.csv"));
        assertThat(mine)
                .extracting(r -> r.get("kind"))
                .containsExactly("run_started", "agent_registered", "mark", "mark", "run_stopping", "run_finished");
        assertThat(mine).extracting(r -> r.get("detail")).contains("phase 2", "load on");
        assertThat(mine).allSatisfy(r -> {
            assertThat(r.get("agent_id")).isEqualTo("collector");
            assertThat(r.get("interval_ms")).isEqualTo("0");
        });
        assertThat(Instant.parse(mine.get(3).get("timestamp")))
                .as("the mark's own instant")
                .isEqualTo(at);
        List<Map<String, String>> agents = CsvRows.byColumn(dir.resolve("n1.csv"));
        assertThat(agents).hasSize(1);
        assertThat(agents.get(0))
                .containsEntry("kind", "oom_kill")
                .containsEntry("container_id", "c1")
                .containsEntry("pid", "42")
                .containsEntry("node", "n1");

        assertThat(get("/live").json().get("events").get(0).get("subject").asString())
                .isEqualTo("");
        assertThat(get("/live").json().get("events"))
                .extracting(e -> e.get("kind").asString())
                .contains("oom_kill", "run_finished");
        // A mark after the run is refused.
        assertThat(post("/runs/current/marks", "{\"label\":\"after\"}").status())
                .isEqualTo(409);
    }
}
