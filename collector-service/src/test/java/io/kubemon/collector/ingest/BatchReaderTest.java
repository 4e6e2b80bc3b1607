package io.kubemon.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubemon.collector.store.Row;
import io.kubemon.common.schema.OsTables;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The streaming batch reader on strings: any field order, exact cells, named refusals. */
class BatchReaderTest {
    private final JsonMapper json = JsonMapper.builder().build();

    private BatchReader.Parsed read(String body) {
        return BatchReader.read(json, body.getBytes(StandardCharsets.UTF_8), 10);
    }

    @Test
    void fieldsInAnyOrderAndCellsRenderedLikeTheAgentsValues() {
        BatchReader.Parsed b = read("""
                {"samples":[{"values":{"transmit_bytes":3.50,"interface":"eth0","receive_bytes":12,"receive_drops":null,
                  "receive_packets":1.6E10},"intervalMs":998,"timestamp":1764000000000,"source":"node/1","table":"os_net"}],
                 "seq":7,"extra":{"ignored":[1,2]},"agentId":"a1"}""");
        assertThat(b.agentId()).isEqualTo("a1");
        assertThat(b.seq()).isEqualTo(7);
        assertThat(b.runId()).isNull();
        Row row = b.rows().get(0);
        assertThat(row.table()).isEqualTo(OsTables.OS_NET);
        assertThat(row.fileName()).isEqualTo("node_1.net.csv");
        assertThat(row.intervalMs()).isEqualTo(998);
        var idx = OsTables.OS_NET.index();
        assertThat(row.cells()[idx.get("interface")]).isEqualTo("eth0");
        assertThat(row.cells()[idx.get("receive_bytes")]).isEqualTo("12");
        assertThat(row.cells()[idx.get("transmit_bytes")]).isEqualTo("3.5");
        assertThat(row.cells()[idx.get("receive_packets")]).isEqualTo("16000000000");
        assertThat(row.cells()[idx.get("receive_drops")]).isEmpty();
        assertThat(row.cells()[idx.get("transmit_packets")]).isEmpty();
    }

    @Test
    void refusalsNameTheSampleAndTheColumn() {
        assertThatThrownBy(
                        () -> read("{\"agentId\":\"a\",\"seq\":1,\"samples\":[{\"table\":\"os_net\",\"source\":\"s\","
                                + "\"timestamp\":1,\"intervalMs\":1,\"values\":{\"interface\":[1]}}]}"))
                .isInstanceOf(BatchRefused.class)
                .hasMessage("samples[0]: column 'interface' takes text, got an array");
        assertThatThrownBy(
                        () -> read("{\"agentId\":\"a\",\"seq\":1,\"samples\":[{\"table\":\"os_net\",\"source\":\"s\","
                                + "\"timestamp\":1.5,\"intervalMs\":1}]}"))
                .hasMessage("samples[0]: timestamp must be a whole number, got 1.5");
        assertThatThrownBy(() -> read("{\"agentId\":\"a\",\"seq\":1} trailing"))
                .hasMessageContaining("not a valid JSON batch");
        String ok = "{\"table\":\"os_net\",\"source\":\"s\",\"timestamp\":1,\"intervalMs\":1}";
        assertThatThrownBy(() -> read("{\"agentId\":\"a\",\"seq\":1,\"samples\":[" + (ok + ",").repeat(10) + ok + "]}"))
                .hasMessageContaining("at most 10");
    }

    @Test
    void theColumnarFormReadsToTheSameRowsAsSamples() {
        BatchReader.Parsed samples = read("""
                {"agentId":"a1","seq":3,"samples":[
                  {"table":"os_net","source":"node/1","timestamp":1764000000000,"intervalMs":998,
                   "values":{"interface":"eth0","receive_bytes":12,"transmit_bytes":3.50}},
                  {"table":"os_net","source":"node/1","timestamp":1764000000000,"intervalMs":998,
                   "values":{"interface":"lo","receive_bytes":1.6E10}}]}""");
        BatchReader.Parsed tables = read("""
                {"agentId":"a1","seq":3,"tables":[{"table":"os_net","columns":["interface","receive_bytes","transmit_bytes"],
                  "rows":[["node/1",1764000000000,998,"eth0",12,3.50],["node/1",1764000000000,998,"lo",1.6E10,null]]}]}""");
        assertThat(tables.rows()).hasSize(2);
        for (int r = 0; r < 2; r++) {
            Row a = samples.rows().get(r);
            Row b = tables.rows().get(r);
            assertThat(b.table()).isEqualTo(a.table());
            assertThat(b.fileName()).isEqualTo(a.fileName()).isEqualTo("node_1.net.csv");
            assertThat(b.timestamp()).isEqualTo(a.timestamp());
            assertThat(b.intervalMs()).isEqualTo(a.intervalMs());
            assertThat(b.cells()).containsExactly(a.cells());
        }
    }

    @Test
    void columnarRefusalsNameTheTableRowAndColumn() {
        String head = "{\"agentId\":\"a\",\"seq\":1,\"tables\":[";
        assertThatThrownBy(
                        () -> read(head + "{\"table\":\"os_net\",\"columns\":[\"interface\",\"bogus\"],\"rows\":[]}]}"))
                .isInstanceOf(BatchRefused.class)
                .hasMessage("tables[0]: unknown column 'bogus' for table os_net");
        assertThatThrownBy(() -> read(head + "{\"table\":\"os_net\",\"columns\":[\"interface\"],"
                        + "\"rows\":[[\"s\",1,1,\"eth0\"],[\"s\",1,1,7]]}]}"))
                .hasMessage("tables[0].rows[1]: column 'interface' takes text, got a number");
        assertThatThrownBy(() -> read(head
                        + "{\"table\":\"os_net\",\"columns\":[\"interface\"],\"rows\":[[\"s\",1,1,\"a\",\"b\"]]}]}"))
                .hasMessage("tables[0].rows[0]: more cells than the 1 columns");
        assertThatThrownBy(() -> read(head + "{\"table\":\"os_net\",\"rows\":[]}]}"))
                .hasMessage("tables[0]: \"table\" and \"columns\" must come before \"rows\"");
        assertThatThrownBy(() -> read(head + "{\"table\":\"nope\",\"columns\":[],\"rows\":[]}]}"))
                .hasMessageStartingWith("tables[0]: unknown table 'nope'");
        assertThatThrownBy(() -> read(head + "{\"table\":\"os_net\",\"columns\":[],\"rows\":[[\"s\",\"x\",1]]}]}"))
                .hasMessage("tables[0].rows[0]: timestamp must be a whole number, got \"x\"");
        String row = "[\"s\",1,1]";
        assertThatThrownBy(() -> read(head + "{\"table\":\"os_net\",\"columns\":[],\"rows\":[" + (row + ",").repeat(10)
                        + row + "]}]}"))
                .hasMessageContaining("max-rows-per-batch");
        // Both forms in one body share the limit of 10: 6 rows as tables, then 5 samples is one too many.
        String sample = "{\"table\":\"os_net\",\"source\":\"s\",\"timestamp\":1,\"intervalMs\":1}";
        assertThatThrownBy(() -> read(head + "{\"table\":\"os_net\",\"columns\":[],\"rows\":[" + (row + ",").repeat(5)
                        + row + "]}],\"samples\":[" + (sample + ",").repeat(4) + sample + "]}"))
                .hasMessageContaining("at most 10");
    }
}
