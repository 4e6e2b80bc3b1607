package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A collector group with real processes on loopback: 3 collectors (each its own data directory),
 * 6 agents with different node names, each pointed at one of the collectors as at a Service.
 * A run is started through the second collector; the member owning the most nodes is SIGKILLed
 * mid-run and restarted. Then every node's rows are in exactly one member's directory, complete
 * and without duplicates; {@code kubemon fetch} gives one directory the single-collector tools
 * take; and a start with a member down is refused and leaves no run anywhere.
 */
class CollectorGroupTest {
    private static final List<String> NODES = List.of("node-1", "node-2", "node-3", "node-4", "node-5", "node-6");

    private final Http http = new Http();

    @RegisterExtension
    final LocalCluster cluster = new LocalCluster();

    private int[] ports;
    private String[] urls;
    private final ServiceProcess[] collectors = new ServiceProcess[3];

    private Path data(int i) {
        return cluster.work().resolve("data-" + i);
    }

    private ServiceProcess startCollector(int i) throws Exception {
        collectors[i] = cluster.collector(
                ports[i],
                data(i),
                "--kubemon.collector.peers=" + String.join(",", urls),
                "--kubemon.collector.self=" + urls[i],
                "--kubemon.collector.drain-timeout=30s");
        return collectors[i];
    }

    private JsonNode status(int i) throws Exception {
        return http.call("GET", urls[i] + "/status", null);
    }

    @Test
    void oneRunAcrossThreeCollectorsSurvivesAKilledMember() throws Exception {
        ports = new int[] {ServiceProcess.freePort(), ServiceProcess.freePort(), ServiceProcess.freePort()};
        urls = new String[3];
        for (int i = 0; i < 3; i++) {
            urls[i] = "http://127.0.0.1:" + ports[i];
        }
        for (int i = 0; i < 3; i++) {
            startCollector(i);
        }
        for (int i = 0; i < 6; i++) {
            // Each agent is given one member's address, as a Service would give any; it registers with its node's
            // owner.
            cluster.agent(NODES.get(i), ports[i % 3], "--kubemon.agent.heartbeat-interval=200ms");
        }
        for (int p : ports) {
            cluster.awaitReady(p);
        }
        // The group's instances, asked of any member: every node once, each with the member it is registered with.
        Map<String, String> owner = Http.await("6 agents across the group", Duration.ofSeconds(120), () -> {
            JsonNode n = http.call("GET", urls[0] + "/instances", null);
            if (!n.get("collectors")
                    .valueStream()
                    .allMatch(c -> c.get("reachable").asBoolean())) {
                return null; // a member still starting
            }
            Map<String, String> m = new TreeMap<>();
            n.get("instances").forEach(x -> {
                if (x.get("state").asString().equals("CONNECTED")) {
                    String before = m.put(
                            x.get("nodeName").asString(), x.get("collector").asString());
                    assertThat(before)
                            .as("a node registered with two members: " + n)
                            .isNull();
                }
            });
            return m.size() == 6 ? m : null;
        });
        assertThat(owner.keySet()).containsExactlyElementsOf(NODES);
        assertThat(new HashSet<>(owner.values()))
                .as("nodes are spread over the members: " + owner + " "
                        + http.call("GET", urls[0] + "/instances", null))
                .hasSizeGreaterThan(1);
        for (int i = 0; i < 3; i++) {
            long mine = owner.values().stream().filter(urls[i]::equals).count();
            assertThat(http.call("GET", urls[i] + "/instances?scope=local", null)
                            .get("count")
                            .asLong())
                    .as("member " + i + " registered only the nodes it owns")
                    .isEqualTo(mine);
        }

        // Started through the second member: one run id on every member.
        JsonNode started = http.call("POST", urls[1] + "/start", "{\"outputDir\":\"group\",\"intervalMs\":250}");
        String runId = started.get("runId").asString();
        assertThat(started.get("collectors")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode local = http.call("GET", urls[i] + "/status?scope=local", null);
            assertThat(local.get("runId").asString()).isEqualTo(runId);
            assertThat(local.get("state").asString()).isEqualTo("collecting");
            assertThat(local.has("collectors"))
                    .as("a member's own view lists no group")
                    .isFalse();
        }

        // The member that owns the most nodes is killed mid-run, and its part shows as unreachable.
        int victim = 0;
        for (int i = 1; i < 3; i++) {
            int v = victim;
            int idx = i;
            if (owner.values().stream().filter(urls[idx]::equals).count()
                    > owner.values().stream().filter(urls[v]::equals).count()) {
                victim = i;
            }
        }
        int killed = victim;
        Http.await("rows on every member", Duration.ofSeconds(60), () -> {
            JsonNode s = status(0);
            for (JsonNode m : s.get("collectors")) {
                if (m.get("rows").asLong() == 0
                        && owner.containsValue(m.get("url").asString())) {
                    return null;
                }
            }
            return true;
        });
        Thread.sleep(1000);
        collectors[killed].kill9();
        Thread.sleep(1500); // its agents keep sampling, and spool
        int other = (killed + 1) % 3;
        JsonNode during = status(other);
        JsonNode down = during.get("collectors").get(killed);
        assertThat(down.get("reachable").asBoolean()).as(during.toString()).isFalse();
        assertThat(down.get("error").asString()).contains("unreachable");
        assertThat(during.get("complete").asBoolean()).isFalse();
        CliTest.Run cliStatus = CliTest.kubemon("--collector", urls[other], "status");
        assertThat(cliStatus.out())
                .as(cliStatus.out())
                .contains("collector " + urls[killed] + ": UNREACHABLE")
                .contains("collector " + urls[other] + ": collecting");

        startCollector(killed);
        cluster.awaitReady(ports[killed]);
        assertThat(collectors[killed].log()).contains("resumed run " + runId);
        Thread.sleep(2000);

        // Stopped through another member: every member finishes, and the group's account is complete.
        http.call("POST", urls[other] + "/stop", null);
        JsonNode end = Http.await("the group's run finished", Duration.ofSeconds(90), () -> {
            JsonNode s = status(0);
            return s.get("state").asString().equals("finished") ? s : null;
        });
        assertThat(end.get("complete").asBoolean()).as(end.toString()).isTrue();
        assertThat(end.get("missingRows").asLong()).isZero();
        assertThat(end.get("agents")).hasSize(6);
        long stopAt = java.time.Instant.parse(end.get("stopAt").asString()).toEpochMilli();

        // Every node's rows are in exactly one member's directory (its owner's), without duplicates or gaps.
        Map<String, Long> sampled = new HashMap<>();
        end.get("agents")
                .forEach(a -> sampled.put(
                        a.get("nodeName").asString(), a.get("sampledRows").asLong()));
        long total = 0;
        for (String node : NODES) {
            List<Integer> holders = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                if (!rowsOf(data(i).resolve("group"), node).isEmpty()) {
                    holders.add(i);
                }
            }
            assertThat(holders).as(node + " is written by one member").hasSize(1);
            int holder = holders.get(0);
            assertThat(urls[holder]).as(node + "'s owner").isEqualTo(owner.get(node));
            Map<Long, List<String>> bySeq = rowsOf(data(holder).resolve("group"), node);
            long max = bySeq.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(bySeq.keySet())
                    .as(node + ": batches 1.." + max + ", no gaps")
                    .hasSize((int) max);
            long rows = 0;
            for (Map.Entry<Long, List<String>> e : bySeq.entrySet()) {
                assertThat(new HashSet<>(ticks(e.getValue())))
                        .as(node + " seq " + e.getKey() + ": one tick")
                        .hasSize(1);
                assertThat(java.time.Instant.parse(ticks(e.getValue()).get(0)).toEpochMilli())
                        .as("no tick after the group's stop")
                        .isLessThanOrEqualTo(stopAt);
                rows += e.getValue().size();
            }
            assertThat(rows).as(node + ": every sampled row, once").isEqualTo(sampled.get(node));
            total += rows;
        }
        assertThat(end.get("rows").asLong()).isEqualTo(total);

        // fetch through one address gives one run directory, as one collector would have written it.
        Path fetched = cluster.work().resolve("fetched");
        CliTest.Run f = CliTest.kubemon("--collector", urls[2], "fetch", "group", "-d", fetched.toString());
        assertThat(f.exit()).as(f.out() + f.err()).isZero();
        assertThat(f.out()).contains("from 3 of 3 collectors");
        Path dir = fetched.resolve("group");
        JsonNode runJson =
                JsonMapper.builder().build().readTree(dir.resolve("run.json").toFile());
        assertThat(runJson.get("runId").asString()).isEqualTo(runId);
        assertThat(runJson.get("state").asString()).isEqualTo("finished");
        assertThat(runJson.get("complete").asBoolean()).isTrue();
        assertThat(runJson.get("rows").asLong()).isEqualTo(total);
        assertThat(runJson.get("agents")).hasSize(6);
        runJson.get("agents")
                .forEach(a -> assertThat(a.get("collector").asString())
                        .isEqualTo(owner.get(a.get("nodeName").asString())));
        assertThat(runJson.get("collectors")).hasSize(3);
        Map<String, String> csvs = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            Path run = data(i).resolve("group");
            try (Stream<Path> s = Files.walk(run)) {
                for (Path p : s.filter(x -> x.toString().endsWith(".csv")).toList()) {
                    csvs.put(run.relativize(p).toString(), Files.readString(p));
                }
            }
        }
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> got = s.filter(x -> x.toString().endsWith(".csv")).toList();
            assertThat(got).hasSize(csvs.size());
            for (Path p : got) {
                assertThat(Files.readString(p))
                        .as(p.toString())
                        .isEqualTo(csvs.get(dir.relativize(p).toString()));
            }
        }
        CliTest.Run merged = CliTest.kubemon("merge", dir.toString());
        assertThat(merged.exit()).as(merged.out() + merged.err()).isZero();
        Set<String> mergedNodes = new HashSet<>();
        List<String[]> mergedLines = io.kubemon.testsupport.CsvRows.lines(dir.resolve("merged.csv"));
        int nodeCol = List.of(mergedLines.get(0)).indexOf("node");
        io.kubemon.testsupport.CsvRows.rows(dir.resolve("merged.csv")).forEach(row -> mergedNodes.add(row[nodeCol]));
        assertThat(mergedNodes).containsExactlyInAnyOrderElementsOf(NODES);

        // The fetched group run exported: every node's rows of a table in its one Parquet file.
        CliTest.Run exported = CliTest.kubemon("export", dir.toString());
        assertThat(exported.exit()).as(exported.out() + exported.err()).isZero();
        io.kubemon.testsupport.ParquetCheck.Read os =
                io.kubemon.testsupport.ParquetCheck.hyparquet(dir.resolve("parquet/os.parquet"));
        List<Path> osFiles;
        try (Stream<Path> s = Files.list(dir.resolve("os"))) {
            osFiles = s.filter(p -> io.kubemon.common.schema.RunLayout.locate(
                                    dir.resolve("os"), p.getFileName().toString())
                            .map(l -> l.table() == io.kubemon.common.schema.OsTables.OS)
                            .orElse(false))
                    .toList();
        }
        assertThat(osFiles).hasSize(NODES.size());
        io.kubemon.testsupport.ParquetCheck.assertSameAsCsv(os, osFiles);
        assertThat(os.rows().stream().map(r -> r.get("node")).distinct()).containsExactlyInAnyOrderElementsOf(NODES);
        assertThat(os.metadata()).containsEntry("kubemon.run_id", runId);

        // A start with one member down is refused, names it, and starts nothing anywhere.
        collectors[killed].kill9();
        Http.Answer refused = http.exchange("POST", urls[other] + "/start", "{\"outputDir\":\"refused\"}");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body().get("message").asString())
                .contains(urls[killed])
                .contains("nothing was started");
        for (int i = 0; i < 3; i++) {
            if (i != killed) {
                JsonNode local = http.call("GET", urls[i] + "/status?scope=local", null);
                assertThat(local.get("runId").asString())
                        .as("member " + i + " still shows the last run")
                        .isEqualTo(runId);
                assertThat(local.get("state").asString()).isEqualTo("finished");
            }
            assertThat(data(i).resolve("refused")).doesNotExist();
        }
    }

    /** One node's rows in a run directory, by batch seq: the timestamps of each batch's rows. */
    /** Before the timestamp of an events row in {@link #rowsOf}. */
    private static final String EVENT = "event at ";

    /** A batch's tick: its rows' timestamps but its events'. */
    private static List<String> ticks(List<String> timestamps) {
        return timestamps.stream().filter(t -> !t.startsWith(EVENT)).toList();
    }

    private static Map<Long, List<String>> rowsOf(Path run, String node) throws Exception {
        Map<Long, List<String>> out = new TreeMap<>();
        if (!Files.isDirectory(run)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(run)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
                List<String[]> all = io.kubemon.testsupport.CsvRows.lines(f);
                int nodeCol = List.of(all.get(0)).indexOf("node");
                // An event is at its own instant (the collector unreachable since ...), not the tick's.
                String event = f.getParent().getFileName().toString().equals("events") ? EVENT : "";
                for (String[] row : io.kubemon.testsupport.CsvRows.rows(f)) {
                    if (row[nodeCol].equals(node)) {
                        out.computeIfAbsent(Long.parseLong(row[4]), k -> new ArrayList<>())
                                .add(event + row[0]);
                    }
                }
            }
        }
        return out;
    }
}
