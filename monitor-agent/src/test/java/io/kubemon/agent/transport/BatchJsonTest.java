package io.kubemon.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.common.wire.Batch;
import io.kubemon.common.wire.Sample;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The streaming writer must say exactly what data binding says, less the null cells. */
class BatchJsonTest {
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void sameDocumentAsDataBindingWithoutNulls() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("command", "sh -c \"echo \\\\ ü\u0001\"");
        v.put("pid", 42);
        v.put("cpu_user_seconds", 0.58);
        v.put("memory_pgfault", 985L);
        v.put("psi_cpu_some_avg10_ratio", new BigDecimal("0.001427"));
        v.put("big", Long.MAX_VALUE);
        v.put("pod", null);
        v.put("flag", true);
        Batch batch = new Batch("agent-1", "run-1", 7, List.of(
                new Sample("process", "web_1", 1_764_000_000_000L, 1003, v),
                new Sample("os", "node-a", 1_764_000_000_000L, 1000, Map.of())));

        JsonNode streamed = json.readTree(new BatchJson(json).encode(batch));
        ObjectNode bound = (ObjectNode) json.readTree(json.writeValueAsBytes(batch));
        ((ObjectNode) bound.get("samples").get(0).get("values")).remove("pod");

        assertThat(streamed).isEqualTo(bound);
        assertThat(streamed.get("samples").get(0).get("values").has("pod")).as("null cells are left out").isFalse();
        assertThat(streamed.get("samples").get(0).get("values").get("psi_cpu_some_avg10_ratio").decimalValue())
                .isEqualByComparingTo("0.001427");
    }
}
