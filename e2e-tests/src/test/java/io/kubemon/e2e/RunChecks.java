package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the fault tests check of a finished run on disk: run.json complete, each agent's rows in
 * the files exactly as run.json counts them, every tick from a node's first to the stop instant in
 * its OS file exactly once (or counted as missed), and no torn line anywhere.
 */
final class RunChecks {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RunChecks() {}

    static JsonNode runJson(Path runDir) throws Exception {
        return JSON.readTree(Files.readString(runDir.resolve("run.json")));
    }

    /** run.json says finished and complete, and every agent's ticks are in its file once. */
    static void completeAndEveryTickOnce(Path runDir, int agents, long stopAt, long interval) throws Exception {
        JsonNode meta = runJson(runDir);
        assertThat(meta.get("state").asString()).isEqualTo("finished");
        assertThat(meta.get("complete").asBoolean())
                .as("run.json: nothing missing: %s", meta)
                .isTrue();
        assertThat(meta.get("missingRows").asLong()).isZero();
        assertThat(meta.get("droppedRows").asLong()).isZero();
        Map<String, Long> rowsByAgent = rowsByAgent(runDir);
        assertThat(meta.get("agents")).hasSize(agents);
        for (JsonNode a : meta.get("agents")) {
            String node = a.get("nodeName").asString();
            assertThat(a.get("drain").asString()).as(node).isEqualTo("delivered");
            assertThat(a.get("deliveredRows").asLong())
                    .as(node + ": run.json's delivered rows are the files' rows")
                    .isEqualTo(rowsByAgent.get(a.get("agentId").asString()));
            assertThat(a.get("sampledRows").asLong())
                    .as(node + ": every sampled row delivered")
                    .isEqualTo(a.get("deliveredRows").asLong());

            List<Long> ticks = osTicks(runDir, node);
            assertThat(ticks).as(node + ": each tick once").doesNotHaveDuplicates();
            assertThat(ticks).as(node + ": nothing after the stop instant").allMatch(t -> t <= stopAt);
            long first = ticks.get(0);
            long lastGrid = stopAt - Math.floorMod(stopAt, interval);
            long expected = (lastGrid - first) / interval + 1;
            long missed = a.get("missedTicks").asLong();
            assertThat(ticks.size() + missed)
                    .as(node + ": every tick from the first (" + Instant.ofEpochMilli(first) + ") to the stop ("
                            + Instant.ofEpochMilli(stopAt) + ") is in the file, or counted as missed")
                    .isEqualTo(expected);
            assertThat(Instant.parse(a.get("firstTick").asString()).toEpochMilli())
                    .as(node + ": the agent's first tick with rows is the file's first")
                    .isEqualTo(first);
        }
    }

    static JsonNode agentEntry(JsonNode meta, String node) {
        for (JsonNode a : meta.get("agents")) {
            if (node.equals(a.get("nodeName").asString())) {
                return a;
            }
        }
        throw new AssertionError("run.json names no agent " + node + ": " + meta);
    }

    /** Rows per agent id (column 4) over every CSV file of the run; every line whole. */
    static Map<String, Long> rowsByAgent(Path runDir) throws Exception {
        Map<String, Long> out = new HashMap<>();
        try (Stream<Path> files = Files.walk(runDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
                for (String[] row : rows(f)) {
                    out.merge(row[3], 1L, Long::sum);
                }
            }
        }
        return out;
    }

    /** The timestamps of a node's OS file, in file order (which is tick order). */
    static List<Long> osTicks(Path runDir, String node) throws Exception {
        List<Long> ticks = new ArrayList<>();
        for (String[] row : rows(runDir.resolve("os").resolve(node + ".csv"))) {
            ticks.add(Instant.parse(row[0]).toEpochMilli());
        }
        assertThat(ticks).as("rows of " + node + " in tick order").isSortedAccordingTo(Long::compare);
        return ticks;
    }

    /** The distinct timestamps of a file (a table with several rows per tick), in file order. */
    static List<Long> distinctTicks(Path file) throws Exception {
        List<Long> ticks = new ArrayList<>();
        for (String[] row : rows(file)) {
            long t = Instant.parse(row[0]).toEpochMilli();
            if (ticks.isEmpty() || ticks.get(ticks.size() - 1) != t) {
                ticks.add(t);
            }
        }
        return ticks;
    }

    /** A CSV file's rows without its header, each checked to have every column (no torn line). */
    private static List<String[]> rows(Path file) throws Exception {
        return io.kubemon.testsupport.CsvRows.rows(file);
    }
}
