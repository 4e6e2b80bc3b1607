package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Fault tests with real processes and real HTTP on loopback: the collector killed with SIGKILL
 * and frozen with SIGSTOP, an agent killed and restarted. Afterwards every row an agent sampled
 * is in the CSV exactly once, or counted as dropped; nothing is lost or doubled silently.
 */
class FaultToleranceTest {
    private static final Pattern ACK = Pattern.compile("acknowledged batch (\\d+) of run (\\S+) \\((\\d+) rows");
    private static final Pattern SPOOL_DROP =
            Pattern.compile("dropped batch -?\\d+ of run \\S+ \\((\\d+) rows\\): the spool");

    private final Http http = new Http();

    @org.junit.jupiter.api.extension.RegisterExtension
    final LocalCluster cluster = new LocalCluster();

    private ServiceProcess agent(String node, int collectorPort, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--kubemon.agent.heartbeat-interval=200ms",
                "--logging.level.io.kubemon.agent.transport.BatchSender=DEBUG"));
        args.addAll(List.of(extra));
        return cluster.agent(node, collectorPort, args.toArray(String[]::new));
    }

    private JsonNode health(int agentPort) throws Exception {
        return http.call("GET", "http://127.0.0.1:" + agentPort + "/actuator/health", null)
                .get("components")
                .get("kubemon")
                .get("details");
    }

    /** Waits until the agent has handed over everything it sampled (its outbox is empty). */
    private void awaitDrained(int agentPort) throws Exception {
        Http.await("agent " + agentPort + " drained", Duration.ofSeconds(90), () -> {
            JsonNode h = health(agentPort);
            return h.get("queuedBatches").asLong() == 0 ? h : null;
        });
    }

    private void awaitIdle(int agentPort) throws Exception {
        Http.await("agent idle", Duration.ofSeconds(30), () -> {
            JsonNode h = health(agentPort);
            return h.get("runId").asString().equals("null")
                            && h.get("queuedBatches").asLong() == 0
                    ? h
                    : null;
        });
    }

    /** Before the timestamp of an events row in {@link #csvBySeq}. */
    private static final String EVENT = "event at ";

    /** (agent_id, seq) to the rows and timestamps the run's CSV files hold for it. */
    private Map<String, Map<Long, List<String>>> csvBySeq(String runDir) throws Exception {
        Map<String, Map<Long, List<String>>> out = new HashMap<>();
        try (Stream<Path> files = Files.walk(cluster.data().resolve(runDir))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
                // An event is at its own instant (the collector unreachable since ...), not the tick's.
                String event = f.getParent().getFileName().toString().equals("events") ? EVENT : "";
                for (String[] row : io.kubemon.testsupport.CsvRows.rows(f)) {
                    out.computeIfAbsent(row[3], k -> new TreeMap<>())
                            .computeIfAbsent(Long.parseLong(row[4]), k -> new ArrayList<>())
                            .add(event + row[0]);
                }
            }
        }
        return out;
    }

    private static Map<Long, Integer> acked(ServiceProcess agent, String runId) {
        Map<Long, Integer> acks = new TreeMap<>();
        Matcher m = ACK.matcher(agent.log());
        while (m.find()) {
            if (m.group(2).equals(runId)) {
                acks.put(Long.parseLong(m.group(1)), Integer.parseInt(m.group(3)));
            }
        }
        return acks;
    }

    private static long spoolDropped(ServiceProcess agent) {
        long rows = 0;
        Matcher m = SPOOL_DROP.matcher(agent.log());
        while (m.find()) {
            rows += Long.parseLong(m.group(1));
        }
        return rows;
    }

    private String agentId(int collectorPort, String node) throws Exception {
        return http.call("GET", "http://127.0.0.1:" + collectorPort + "/instances", null)
                .get("instances")
                .valueStream()
                .filter(i -> i.get("nodeName").asString().equals(node))
                .findFirst()
                .orElseThrow()
                .get("agentId")
                .asString();
    }

    private long rows(int collectorPort) throws Exception {
        return http.call("GET", "http://127.0.0.1:" + collectorPort + "/status", null)
                .get("rows")
                .asLong();
    }

    @Test
    void collectorKilledTwiceMidRunLosesAndDuplicatesNothing() throws Exception {
        ServiceProcess c = cluster.collector(0);
        int cport = c.awaitPort(); // kept across the restarts below
        ServiceProcess a = agent("node-a", cport);
        ServiceProcess b = agent("node-b", cport);
        int[] aports = {a.awaitPort(), b.awaitPort()};
        cluster.awaitReady(cport);
        cluster.awaitConnected(cport, 2);
        String runId = http.call(
                        "POST", "http://127.0.0.1:" + cport + "/start", "{\"outputDir\":\"crash\",\"intervalMs\":500}")
                .get("runId")
                .asString();

        for (int crash = 0; crash < 2; crash++) {
            Http.await("rows before crash " + crash, Duration.ofSeconds(30), () -> rows(cport) > 0 ? true : null);
            Thread.sleep(2000);
            c.kill9();
            Thread.sleep(1500); // the agents keep sampling into their outboxes
            c = cluster.collector(cport);
            cluster.awaitReady(cport);
            assertThat(http.call("GET", "http://127.0.0.1:" + cport + "/status", null)
                            .get("runId")
                            .asString())
                    .as("the run resumes after the restart")
                    .isEqualTo(runId);
        }
        cluster.awaitConnected(cport, 2);
        awaitDrained(aports[0]);
        awaitDrained(aports[1]);
        http.call("POST", "http://127.0.0.1:" + cport + "/stop?wait=true", null);
        awaitIdle(aports[0]);
        awaitIdle(aports[1]);

        Map<String, Map<Long, List<String>>> csv = csvBySeq("crash");
        for (String node : List.of("node-a", "node-b")) {
            String id = agentId(cport, node);
            ServiceProcess agent = node.equals("node-a") ? a : b;
            Map<Long, List<String>> bySeq = csv.get(id);
            Map<Long, Integer> acks = acked(agent, runId);
            assertThat(acks).as(node + " acknowledged batches").isNotEmpty();
            // Every acknowledged batch is in the files with exactly its rows: none lost, none doubled.
            for (Map.Entry<Long, Integer> ack : acks.entrySet()) {
                assertThat(bySeq.get(ack.getKey()))
                        .as(node + " seq " + ack.getKey())
                        .hasSize(ack.getValue());
            }
            assertThat(bySeq.keySet())
                    .as(node + ": nothing in the files that was not acknowledged")
                    .isEqualTo(acks.keySet());
            long max = bySeq.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(bySeq.keySet()).as(node + ": no gaps").hasSize((int) max);
            bySeq.values()
                    .forEach(ts -> assertThat(new HashSet<>(ts.stream()
                                    .filter(t -> !t.startsWith(EVENT))
                                    .toList()))
                            .as("one tick per batch")
                            .hasSize(1));
        }
        assertThat(c.log()).contains("resumed run " + runId);
    }

    @Test
    void frozenCollectorThenCatchUpAndAnOverflowingSpoolCountsEveryDroppedRow() throws Exception {
        ServiceProcess c = cluster.collector(0);
        int cport = c.awaitPort();
        ServiceProcess steady = agent("steady", cport);
        ServiceProcess tiny =
                agent("tiny", cport, "--kubemon.agent.max-queued-batches=2", "--kubemon.agent.spool-max-bytes=12000");
        int steadyPort = steady.awaitPort();
        int tinyPort = tiny.awaitPort();
        cluster.awaitReady(cport);
        cluster.awaitConnected(cport, 2);
        http.call("POST", "http://127.0.0.1:" + cport + "/start", "{\"outputDir\":\"frozen\",\"intervalMs\":250}");
        Http.await("rows", Duration.ofSeconds(30), () -> rows(cport) > 0 ? true : null);

        c.signal("STOP");
        Thread.sleep(7000); // 28 intervals
        c.signal("CONT");
        awaitDrained(steadyPort);
        awaitDrained(tinyPort);
        // Wait until the tiny agent's heartbeat has reported every row its spool dropped.
        Http.await(
                "drop count reported",
                Duration.ofSeconds(15),
                () -> http.call("GET", "http://127.0.0.1:" + cport + "/instances", null)
                                        .get("instances")
                                        .valueStream()
                                        .filter(i ->
                                                i.get("nodeName").asString().equals("tiny"))
                                        .findFirst()
                                        .orElseThrow()
                                        .get("droppedRows")
                                        .asLong()
                                == spoolDropped(tiny)
                        ? true
                        : null);
        JsonNode summary = http.call("POST", "http://127.0.0.1:" + cport + "/stop?wait=true", null);
        JsonNode steadyEnd = awaitIdleHealth(steadyPort);
        JsonNode tinyEnd = awaitIdleHealth(tinyPort);

        Map<String, Map<Long, List<String>>> csv = csvBySeq("frozen");
        long steadyRows = count(csv.get(agentId(cport, "steady")));
        long tinyRows = count(csv.get(agentId(cport, "tiny")));
        // Every row sampled for the run (ticks up to its stop) is in the files or counted as dropped: exactly.
        assertThat(steadyRows + steadyEnd.get("droppedRows").asLong()).isEqualTo(sampled(steadyEnd, summary));
        assertThat(tinyRows + tinyEnd.get("droppedRows").asLong()).isEqualTo(sampled(tinyEnd, summary));
        // The steady agent caught up: nothing dropped but what arrived after the stop.
        assertThat(spoolDropped(steady)).isZero();
        assertThat(csv.get(agentId(cport, "steady")).keySet()).as("no gaps").hasSize((int)
                csv.get(agentId(cport, "steady")).keySet().stream()
                        .mapToLong(Long::longValue)
                        .max()
                        .orElseThrow());
        long tinySpoolDrops = spoolDropped(tiny);
        assertThat(tinySpoolDrops).as("the tiny spool overflowed").isPositive();
        assertThat(summary.get("droppedRows").asLong())
                .as("the run summary counts them: " + summary)
                .isEqualTo(tinySpoolDrops);
        assertThat(c.alive()).isTrue();
    }

    private JsonNode awaitIdleHealth(int port) throws Exception {
        awaitIdle(port);
        return health(port);
    }

    /** The rows the agent's own account says it sampled for the run up to its stop. */
    private static long sampled(JsonNode health, JsonNode summary) {
        for (JsonNode r : health.get("runs")) {
            if (r.get("runId").asString().equals(summary.get("runId").asString())) {
                return r.get("sampledRows").asLong();
            }
        }
        throw new AssertionError("the agent has no account of run " + summary.get("runId"));
    }

    private static long count(Map<Long, List<String>> bySeq) {
        return bySeq.values().stream().mapToLong(List::size).sum();
    }

    @Test
    void agentKilledAndRestartedMidRunNeverReusesASeq() throws Exception {
        int cport = cluster.collector(0).awaitPort();
        ServiceProcess first = agent("phoenix", cport);
        cluster.awaitReady(cport);
        cluster.awaitConnected(cport, 1);
        String runId = http.call(
                        "POST",
                        "http://127.0.0.1:" + cport + "/start",
                        "{\"outputDir\":\"phoenix\",\"intervalMs\":300}")
                .get("runId")
                .asString();
        Http.await("rows", Duration.ofSeconds(30), () -> rows(cport) > 20 ? true : null);
        first.kill9();
        long before = acked(first, runId).keySet().stream()
                .mapToLong(Long::longValue)
                .max()
                .orElseThrow();
        long rowsAtKill = rows(cport);

        ServiceProcess second = agent("phoenix", cport);
        int aport = second.awaitPort();
        Http.await(
                "rows from the restarted agent",
                Duration.ofSeconds(120),
                () -> rows(cport) > rowsAtKill + 20 ? true : null);
        http.call("POST", "http://127.0.0.1:" + cport + "/stop?wait=true", null);
        awaitIdle(aport);

        Map<Long, List<String>> bySeq = csvBySeq("phoenix").get(agentId(cport, "phoenix"));
        assertThat(second.log()).contains("continuing run " + runId + " after batch");
        Set<Long> afterRestart = acked(second, runId).keySet();
        assertThat(afterRestart).isNotEmpty().allSatisfy(seq -> assertThat(seq).isGreaterThan(before));
        // One tick per seq, and time moves forward with seq: no number was used twice.
        String previous = "";
        for (Map.Entry<Long, List<String>> e : bySeq.entrySet()) {
            assertThat(new HashSet<>(e.getValue())).as("seq " + e.getKey()).hasSize(1);
            assertThat(e.getValue().get(0)).isGreaterThan(previous);
            previous = e.getValue().get(0);
        }
    }
}
