package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stop that drains, with real processes at the cadence users run: the collector is killed and
 * restarted twice mid-run and the run is stopped soon after the last restart; then every tick
 * from each node's first to the stop instant is in its OS file exactly once (or counted by the
 * agent as a missed tick), and run.json's per-agent counts match the files. And a drain that
 * cannot finish (an agent frozen with a backlog): the run ends at the drain timeout and run.json
 * names that agent and, once it reports again, exactly the rows it did not deliver.
 */
class StopDrainTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Http http = new Http();

    @org.junit.jupiter.api.extension.RegisterExtension
    final LocalCluster cluster = new LocalCluster();

    private String url(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private JsonNode status(int port) throws Exception {
        return http.call("GET", url(port, "/status"), null);
    }

    private JsonNode runJson(String dir) throws Exception {
        return JSON.readTree(Files.readString(cluster.data().resolve(dir).resolve("run.json")));
    }

    @Test
    void aStopSoonAfterTwoCollectorRestartsKeepsEveryTickAt500And1000Ms() throws Exception {
        ServiceProcess c = cluster.collector(0);
        int cport = c.awaitPort(); // kept across the restarts
        List<String> nodes = List.of("node-a", "node-b", "node-c");
        for (String node : nodes) {
            cluster.agent(node, cport).awaitPort();
        }
        cluster.awaitReady(cport);
        cluster.awaitConnected(cport, nodes.size());

        for (long interval : new long[] {500, 1000}) {
            String dir = "restarts-" + interval;
            String runId = http.call(
                            "POST",
                            url(cport, "/start"),
                            "{\"outputDir\":\"" + dir + "\",\"intervalMs\":" + interval + "}")
                    .get("runId")
                    .asString();
            Http.await(
                    "first rows",
                    Duration.ofSeconds(30),
                    () -> status(cport).get("rows").asLong() > 0 ? true : null);
            Thread.sleep(5000);
            c.kill9();
            Thread.sleep(4000);
            c = cluster.collector(cport);
            Thread.sleep(5000);
            c.kill9();
            Thread.sleep(3000);
            c = cluster.collector(cport);
            cluster.awaitReady(cport);
            Thread.sleep(interval == 500 ? 1000 : 3000); // the stop 1 to 3 s after the last restart
            JsonNode stop = http.call("POST", url(cport, "/stop"), null);
            assertThat(stop.get("runId").asString()).isEqualTo(runId);
            long stopAt = Instant.parse(stop.get("stopAt").asString()).toEpochMilli();
            JsonNode finished = cluster.awaitFinished(cport, runId, Duration.ofSeconds(90));

            assertThat(finished.get("complete").asBoolean()).isTrue();
            RunChecks.completeAndEveryTickOnce(cluster.data().resolve(dir), nodes.size(), stopAt, interval);
        }
    }

    @Test
    void aDrainThatCannotFinishEndsAtTheTimeoutAndNamesWhatWasNotDelivered() throws Exception {
        ServiceProcess c = cluster.collector(0, "--kubemon.collector.drain-timeout=6s");
        int cport = c.awaitPort();
        ServiceProcess steady = cluster.agent("steady", cport);
        ServiceProcess frozen = cluster.agent("frozen", cport);
        steady.awaitPort();
        int frozenPort = frozen.awaitPort();
        cluster.awaitReady(cport);
        cluster.awaitConnected(cport, 2);
        String runId = http.call("POST", url(cport, "/start"), "{\"outputDir\":\"frozen\",\"intervalMs\":500}")
                .get("runId")
                .asString();
        Http.await(
                "rows", Duration.ofSeconds(30), () -> status(cport).get("rows").asLong() > 0 ? true : null);
        Thread.sleep(2000);

        c.signal("STOP"); // both agents build a backlog
        Thread.sleep(3000);
        frozen.signal("STOP"); // frozen with its backlog
        c.signal("CONT");
        JsonNode stopping = http.call("POST", url(cport, "/stop"), null);
        assertThat(stopping.get("state").asString()).isEqualTo("stopping");
        Instant askedAt = Instant.now();
        CliTest.Run cli = CliTest.kubemon("status", "--collector", url(cport, ""));
        assertThat(cli.out()).contains("stopping:").contains("draining:");

        JsonNode finished = cluster.awaitFinished(cport, runId, Duration.ofSeconds(30));
        assertThat(Duration.between(askedAt, Instant.now()))
                .as("finished at the drain timeout")
                .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(20));
        assertThat(finished.get("complete").asBoolean()).isFalse();
        JsonNode atTimeout = RunChecks.agentEntry(runJson("frozen"), "frozen");
        assertThat(atTimeout.get("drain").asString()).isEqualTo("timeout");
        assertThat(RunChecks.agentEntry(runJson("frozen"), "steady")
                        .get("drain")
                        .asString())
                .isEqualTo("delivered");
        CliTest.Run stoppedStatus = CliTest.kubemon("status", "--collector", url(cport, ""));
        assertThat(stoppedStatus.exit()).as("rows are missing: exit 7").isEqualTo(7);
        assertThat(stoppedStatus.out())
                .contains("missing: frozen:")
                .contains("drain timeout")
                .doesNotContain("missing: steady");

        // Woken, the agent learns the stop, finds its batches refused, and its account tells the
        // collector exactly what did not arrive.
        frozen.signal("CONT");
        JsonNode late = Http.await("the frozen agent's late account", Duration.ofSeconds(30), () -> {
            JsonNode a = RunChecks.agentEntry(runJson("frozen"), "frozen");
            return a.get("outstandingRows").asLong() == 0
                            && a.get("sampledRows").asLong() > 0
                            && a.get("droppedRows").get("drainTimeout").asLong() > 0
                    ? a
                    : null;
        });
        Map<String, Long> rows = RunChecks.rowsByAgent(cluster.data().resolve("frozen"));
        long delivered = rows.get(late.get("agentId").asString());
        assertThat(late.get("deliveredRows").asLong()).isEqualTo(delivered);
        assertThat(late.get("missingRows").asLong())
                .as("missing = sampled - in the files")
                .isEqualTo(late.get("sampledRows").asLong() - delivered)
                .isEqualTo(late.get("droppedRows").get("drainTimeout").asLong());
        JsonNode own = Http.await("the frozen agent's own account", Duration.ofSeconds(10), () -> {
            for (JsonNode r : http.call("GET", "http://127.0.0.1:" + frozenPort + "/actuator/health", null)
                    .get("components")
                    .get("kubemon")
                    .get("details")
                    .get("runs")) {
                if (r.get("runId").asString().equals(runId)) {
                    return r;
                }
            }
            return null;
        });
        assertThat(own.get("sampledRows").asLong())
                .as("the agent's own count of what it sampled up to the stop")
                .isEqualTo(late.get("sampledRows").asLong());
        assertThat(own.get("sentRows").asLong()).isEqualTo(delivered);
        assertThat(c.alive()).isTrue();
    }
}
