package io.kubemon.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.common.wire.Sample;
import io.kubemon.common.wire.SampleBatch;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The compact form must carry every non-null value of every row, and nothing else. */
class BatchJsonTest {
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void everyRowComesBackFromTheColumnarForm() {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("command", "sh -c \"echo \\\\ ü\u0001\"");
        first.put("pid", 42);
        first.put("cpu_user_seconds", 0.58);
        first.put("memory_pgfault", 985L);
        first.put("pod", null);
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("pid", 43);
        second.put("threads", Long.MAX_VALUE);
        second.put("not_a_column", true);
        Map<String, Object> os = Map.of("psi_cpu_some_avg10_ratio", new BigDecimal("0.001427"));
        SampleBatch batch = new SampleBatch(
                "agent-1",
                "run-1",
                7,
                List.of(
                        new Sample("process", "web_1", 1_764_000_000_000L, 1003, first),
                        new Sample("os", "node-a", 1_764_000_000_000L, 1000, os),
                        new Sample("process", "web_1", 1_764_000_000_000L, 998, second)));

        JsonNode doc = json.readTree(new BatchJson(json).encode(batch));

        assertThat(doc.get("agentId").asString()).isEqualTo("agent-1");
        assertThat(doc.get("seq").asLong()).isEqualTo(7);
        assertThat(doc.get("tables")).hasSize(2);
        JsonNode process = doc.get("tables").get(0);
        assertThat(process.get("table").asString()).isEqualTo("process");
        List<String> columns = new ArrayList<>();
        process.get("columns").forEach(c -> columns.add(c.asString()));
        // Schema order (pid, command, counters, threads), no column that is null in every row,
        // and keys the process table does not have last, so the collector names them in its refusal.
        assertThat(columns)
                .containsExactly("pid", "command", "cpu_user_seconds", "threads", "memory_pgfault", "not_a_column");
        assertThat(rowAsMap(process, 0)).containsExactlyInAnyOrderEntriesOf(withoutNulls(first));
        assertThat(rowAsMap(process, 1)).containsExactlyInAnyOrderEntriesOf(withoutNulls(second));
        assertThat(process.get("rows").get(0).get(0).asString()).isEqualTo("web_1");
        assertThat(process.get("rows").get(0).get(2).asLong()).isEqualTo(1003);
        JsonNode osTable = doc.get("tables").get(1);
        assertThat(osTable.get("rows").get(0).get(3).decimalValue()).isEqualByComparingTo("0.001427");
    }

    /** A row back as column to value text (numbers compared by their text: 985 and 985L alike). */
    private Map<String, String> rowAsMap(JsonNode table, int r) {
        JsonNode row = table.get("rows").get(r);
        Map<String, String> m = new LinkedHashMap<>();
        for (int c = 0; c < table.get("columns").size(); c++) {
            JsonNode v = row.get(3 + c);
            if (!v.isNull()) {
                m.put(table.get("columns").get(c).asString(), v.isString() ? v.asString() : v.toString());
            }
        }
        return m;
    }

    private static Map<String, String> withoutNulls(Map<String, Object> in) {
        Map<String, String> m = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            if (v != null) {
                m.put(k, v.toString());
            }
        });
        return m;
    }
}
