package io.kubemon.agent.sampling;

import static io.kubemon.agent.sampling.Counters.bytes;
import static io.kubemon.agent.sampling.Counters.count;
import static io.kubemon.agent.sampling.Counters.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The declared field-to-column form: checked against the table, scaling each counter once. */
class CountersTest {
    private static final Table TABLE = new Table(
            "t",
            "os",
            ".t",
            1,
            "test",
            List.of(
                    Column.label("device", "a label"),
                    Column.counter("reads", "", "a count"),
                    Column.counter("read_bytes", "bytes", "sectors"),
                    Column.counter("read_time_seconds", "seconds", "ms"),
                    Column.gauge("in_flight", "", "a gauge")));

    private static List<Counters.Counter<long[]>> declared() {
        return List.of(
                count("reads", f -> f[0]),
                bytes("read_bytes", f -> f[1], 512),
                seconds("read_time_seconds", f -> f[2], 1000));
    }

    @Test
    void readsAndScalesEachDeclaredField() {
        Counters<long[]> counters = new Counters<>(TABLE, declared());
        CounterDeltas deltas = new CounterDeltas();
        deltas.update("sda", 0, counters.read(new long[] {10, 4, 100}));
        CounterDeltas.Delta d = deltas.update("sda", 1_000_000_000L, counters.read(new long[] {15, 6, 350}));
        Map<String, Object> values = new LinkedHashMap<>();
        counters.put(d, values);
        assertThat(values)
                .containsExactly(
                        Map.entry("reads", 5L), Map.entry("read_bytes", 1024L), Map.entry("read_time_seconds", 0.25));
    }

    @Test
    void aMissingOrMalformedFieldIsAnEmptyCellNotTheRow() {
        Counters<long[]> counters = new Counters<>(TABLE, declared());
        CounterDeltas deltas = new CounterDeltas();
        deltas.update("sda", 0, counters.read(new long[] {10, -1, 100}));
        Map<String, Object> values = new LinkedHashMap<>();
        counters.put(deltas.update("sda", 1, counters.read(new long[] {11, 5, -1})), values);
        assertThat(values)
                .containsEntry("reads", 1L)
                .containsEntry("read_bytes", null)
                .containsEntry("read_time_seconds", null);
    }

    @Test
    void aColumnTheTableLacksFailsAtConstruction() {
        assertThatThrownBy(() -> new Counters<long[]>(
                        TABLE,
                        List.of(
                                count("reads", f -> f[0]),
                                count("raeds", f -> f[0]),
                                bytes("read_bytes", f -> f[1], 512),
                                seconds("read_time_seconds", f -> f[2], 1000))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("raeds is not a counter column of the table");
    }

    @Test
    void aGaugeOrLabelIsNotACounter() {
        assertThatThrownBy(() -> new Counters<long[]>(TABLE, List.of(count("in_flight", f -> f[0]))))
                .hasMessageContaining("in_flight is not a counter column");
    }

    @Test
    void aWrongUnitFailsAtConstruction() {
        assertThatThrownBy(() -> new Counters<long[]>(
                        TABLE,
                        List.of(
                                count("reads", f -> f[0]),
                                bytes("read_bytes", f -> f[1], 512),
                                count("read_time_seconds", f -> f[2]))))
                .hasMessageContaining("read_time_seconds is in 'seconds' but declared in ''");
    }

    @Test
    void aCounterNobodyFillsOrOneDeclaredTwiceFails() {
        assertThatThrownBy(() -> new Counters<long[]>(
                        TABLE,
                        List.of(
                                count("reads", f -> f[0]),
                                count("reads", f -> f[1]),
                                seconds("read_time_seconds", f -> f[2], 1000))))
                .hasMessageContaining("reads is declared twice")
                .hasMessageContaining("read_bytes is a counter of the table that no field fills");
    }
}
