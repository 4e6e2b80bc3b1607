package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.common.schema.OsTables;
import io.kubemon.common.schema.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The real collector jar and the real agent jar, each in its own JVM, talking HTTP on loopback
 * on random ports, sampling this machine's real /proc into real CSV files.
 */
class LocalCollectionTest {
    private static final long INTERVAL = 500;

    @TempDir
    Path work;

    private final Http http = new Http();

    private JsonNode call(String method, String url, String body) throws Exception {
        return http.call(method, url, body);
    }

    private static <T> T await(String what, Duration timeout, java.util.concurrent.Callable<T> probe) throws Exception {
        return Http.await(what, timeout, probe);
    }

    @Test
    void agentStartedBeforeTheCollectorRegistersThenSamplesOnTheGridIntoCsv() throws Exception {
        int collectorPort = ServiceProcess.freePort();
        String collector = "http://127.0.0.1:" + collectorPort;
        Path data = work.resolve("data");

        try (ServiceProcess agent = ServiceProcess.start(
                "monitor-agent",
                work.resolve("agent"),
                List.of(
                        "--server.port=0",
                        "--kubemon.agent.collector-url=" + collector,
                        "--kubemon.agent.node-name=e2e-node",
                        "--kubemon.agent.heartbeat-interval=200ms",
                        "--kubemon.agent.spool-dir=" + work.resolve("agent/spool")))) {
            // The agent comes up first and must keep retrying until the collector answers.
            int agentPort = agent.awaitPort();
            await(
                    "agent health",
                    Duration.ofSeconds(90),
                    () -> call("GET", "http://127.0.0.1:" + agentPort + "/actuator/health", null));
            try (ServiceProcess col = ServiceProcess.start(
                    "collector-service",
                    work.resolve("collector"),
                    List.of("--server.port=" + collectorPort, "--kubemon.collector.data-dir=" + data))) {
                await("collector readiness", Duration.ofSeconds(90), () -> {
                    JsonNode h = call("GET", collector + "/actuator/health/readiness", null);
                    return h.get("status").asString().equals("UP") ? h : null;
                });
                JsonNode instance = await("agent registration", Duration.ofSeconds(60), () -> {
                    JsonNode list = call("GET", collector + "/instances", null);
                    return list.get("count").asInt() == 1
                            ? list.get("instances").get(0)
                            : null;
                });
                assertThat(instance.get("nodeName").asString()).isEqualTo("e2e-node");
                assertThat(instance.get("state").asString()).isEqualTo("CONNECTED");
                assertThat(instance.get("address").asString()).endsWith(":" + agentPort);
                String agentId = instance.get("agentId").asString();

                String runId = call(
                                "POST",
                                collector + "/start",
                                "{\"outputDir\":\"e2e-run\",\"intervalMs\":" + INTERVAL + "}")
                        .get("runId")
                        .asString();
                // The first rows come within a heartbeat and a priming interval; how long that takes
                // on a loaded VM is not this test's to judge (a wall-clock bound here failed CI at
                // 3.2 s), so it waits for the rows, then for nine grid points of the os table.
                Path run = data.resolve("e2e-run");
                Path os = run.resolve("os/e2e-node.csv");
                await(
                        "first rows",
                        Duration.ofSeconds(30),
                        () -> call("GET", collector + "/status", null)
                                                .get("rows")
                                                .asLong()
                                        > 0
                                ? true
                                : null);
                await(
                        "nine os rows",
                        Duration.ofSeconds(60),
                        () -> Files.exists(os) && Files.readAllLines(os).size() > 9 ? true : null);
                JsonNode summary = call("POST", collector + "/stop?wait=true", null);
                assertThat(summary.get("runId").asString()).isEqualTo(runId);

                List<String[]> rows = read(os, OsTables.OS);
                assertThat(rows.size()).isGreaterThanOrEqualTo(9);
                long elapsedSum = 0;
                long previousTs = -1;
                long previousSeq = 0;
                int[] idx = {index(OsTables.OS, "cpu_count"), index(OsTables.OS, "memory_total_bytes")};
                for (String[] r : rows) {
                    long ts = Instant.parse(r[0]).toEpochMilli();
                    assertThat(ts % INTERVAL)
                            .as("timestamp %s on the %d ms grid", r[0], INTERVAL)
                            .isZero();
                    assertThat(r[0]).endsWith("00Z").hasSize(24);
                    if (previousTs > 0) {
                        assertThat(ts - previousTs)
                                .as("consecutive grid points")
                                .isEqualTo(INTERVAL);
                    }
                    previousTs = ts;
                    long intervalMs = Long.parseLong(r[1]);
                    // Each interval is the real time between two reads: one late read makes one
                    // long and the next short, so each is only bounded and their sum is checked.
                    assertThat(intervalMs).as("real elapsed time").isBetween(1L, 3 * INTERVAL);
                    if (previousSeq > 0) {
                        elapsedSum += intervalMs;
                    }
                    assertThat(r[2]).isEqualTo("e2e-node");
                    assertThat(r[3]).isEqualTo(agentId);
                    long seq = Long.parseLong(r[4]);
                    assertThat(seq).isGreaterThan(previousSeq);
                    previousSeq = seq;
                    int cpus = Integer.parseInt(r[idx[0]]);
                    assertThat(cpus).isEqualTo(Runtime.getRuntime().availableProcessors());
                    double cpuSum = 0;
                    for (String mode : OsTables.CPU_MODES) {
                        if (!mode.startsWith("guest")) {
                            cpuSum += Double.parseDouble(r[index(OsTables.OS, "cpu_" + mode + "_seconds")]);
                        }
                    }
                    double expected = cpus * intervalMs / 1000.0;
                    assertThat(cpuSum).isBetween(expected * 0.8 - 0.03 * cpus, expected * 1.2 + 0.03 * cpus);
                    assertThat(Long.parseLong(r[idx[1]])).isPositive();
                }
                long gridSpan = Instant.parse(rows.get(rows.size() - 1)[0]).toEpochMilli()
                        - Instant.parse(rows.get(0)[0]).toEpochMilli();
                assertThat(elapsedSum)
                        .as("the read intervals add up to the grid's span: no drift")
                        .isBetween(gridSpan - INTERVAL, gridSpan + INTERVAL);
                List<String[]> net = read(run.resolve("os/e2e-node.net.csv"), OsTables.OS_NET);
                assertThat(net).anySatisfy(r -> assertThat(r[5]).isEqualTo("lo"));
                assertThat(Files.exists(run.resolve("os/e2e-node.disk.csv"))).isTrue();

                long onDisk = 0;
                long collectorEvents = 0;
                try (Stream<Path> files = Files.walk(run)) {
                    for (Path f :
                            files.filter(p -> p.toString().endsWith(".csv")).toList()) {
                        long inFile = Files.readAllLines(f).size() - 1;
                        onDisk += inFile;
                        if (f.getFileName().toString().startsWith("collector")) {
                            collectorEvents += inFile;
                        }
                    }
                }
                // The agents' rows; the collector's own events (the run's start, stop, finish) are
                // counted in the events monitor's totals.
                assertThat(summary.get("rows").asLong()).isEqualTo(onDisk - collectorEvents);
                assertThat(collectorEvents).isGreaterThanOrEqualTo(3);
                assertThat(summary.get("monitors").get("events").get("rows").asLong())
                        .isGreaterThanOrEqualTo(collectorEvents);
                // The node's inventory, as the real agent probed this host, in the run's own record.
                JsonNode node = tools.jackson.databind.json.JsonMapper.builder()
                        .build()
                        .readTree(Files.readString(run.resolve("run.json")))
                        .get("nodes")
                        .get("e2e-node");
                assertThat(node.get("kernel").asString())
                        .isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease"))
                                .trim());
                assertThat(node.get("threads").asInt())
                        .isEqualTo(Runtime.getRuntime().availableProcessors());
                assertThat(node.get("cpuModel").asString()).isNotBlank();
                assertThat(node.get("memoryBytes").asLong()).isPositive();
                assertThat(instance.get("inventory").get("kernel").asString())
                        .isEqualTo(node.get("kernel").asString());
                assertThat(summary.get("monitors").get("os").get("files").asLong())
                        .as("os, os_disk, os_net, os_cpu")
                        .isEqualTo(4);

                // Stop closes the run: the agent stops sampling and the files do not grow.
                await("agent idle", Duration.ofSeconds(5), () -> {
                    JsonNode h = call("GET", "http://127.0.0.1:" + agentPort + "/actuator/health", null);
                    return h.get("components")
                                    .get("kubemon")
                                    .get("details")
                                    .get("runId")
                                    .asString()
                                    .equals("null")
                            ? h
                            : null;
                });
                long size = Files.size(os);
                Thread.sleep(2 * INTERVAL + 200);
                assertThat(Files.size(os)).isEqualTo(size);

                JsonNode after = call("GET", collector + "/instances", null)
                        .get("instances")
                        .get(0);
                assertThat(after.get("rows").asLong()).isEqualTo(onDisk - collectorEvents);
                assertThat(after.get("batches").asLong())
                        .isEqualTo(summary.get("batches").asLong());
                assertThat(call("GET", collector + "/status", null)
                                .get("collecting")
                                .asBoolean())
                        .isFalse();
                assertThat(agent.alive()).isTrue();
                String agentMetrics = java.net.http.HttpClient.newHttpClient()
                        .send(
                                java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                                "http://127.0.0.1:" + agentPort + "/actuator/prometheus"))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                        .body();
                assertThat(agentMetrics)
                        .contains(
                                "kubemon_agent_sample_duration_seconds_count{table=\"os\"",
                                "kubemon_agent_queue_batches",
                                "kubemon_agent_rows_dropped_total",
                                "kubemon_agent_ticks_missed_total");
                assertThat(agent.log()).doesNotContain("ERROR");
                assertThat(col.log()).doesNotContain("ERROR");
            }
        }
    }

    private static int index(Table table, String column) {
        return List.of(table.header()).indexOf(column);
    }

    private static List<String[]> read(Path file, Table table) throws Exception {
        assertThat(io.kubemon.testsupport.CsvRows.lines(file).get(0)).containsExactly(table.header());
        return io.kubemon.testsupport.CsvRows.rows(file);
    }
}
