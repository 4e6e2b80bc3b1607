package io.kubemon.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A table with no chart declared (here: tables only the tests declare) is drawn by generic charts
 * in the section it belongs to, never mistaken for another table's file and never left out; a file
 * of no known table is not drawn at all.
 */
class GenericChartsTest {
    @TempDir
    Path tmp;

    /** Rows at the fixture's first ticks, 500 ms apart. */
    private static String rows(String prefixOfRow, int n, java.util.function.IntFunction<String> cells) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String ts = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                    .withZone(java.time.ZoneOffset.UTC)
                    .format(java.time.Instant.parse("2026-11-25T23:27:13.000Z").plusMillis(500L * i));
            lines.add(ts + ",500,vm,a1," + (i + 1) + "," + prefixOfRow + cells.apply(i));
        }
        return String.join("\n", lines) + "\n";
    }

    @Test
    void aTableWithoutChartsGetsOneChartPerNumericColumnInItsSection() throws Exception {
        Path run = ReportTest.copyFixture(tmp, "run");
        Files.writeString(
                run.resolve("os/vm.testcpu.csv"),
                String.join(",", TestTables.OS_PERCPU.header()) + "\n"
                        + rows("0,", 4, i -> (0.25 * i) + ",2000000000")
                        + rows("1,", 4, i -> (0.5 * i) + ",1000000000"));
        Files.writeString(
                run.resolve("container/rep-cpu.testwait.csv"),
                String.join(",", TestTables.CONTAINER_WAIT.header()) + "\n" + rows("c,", 4, i -> "" + (0.1 * i)));
        // A table this build does not know: not a node "vm.tcp".
        Files.writeString(
                run.resolve("os/vm.tcp.csv"),
                "timestamp,interval_ms,node,agent_id,seq,established\n2026-11-25T23:27:13.000Z,500,vm,a1,1,7\n");

        JsonNode d = ReportTest.data(ReportTest.render(List.of(run)));
        JsonNode node = ReportTest.section(d, "node:vm");
        JsonNode busy = ReportTest.chart(node, "os_test_cpu.busy_seconds");
        assertThat(busy.get("unit").asString()).as("seconds per second").isEqualTo("ratio");
        assertThat(busy.get("series").valueStream().map(s -> s.get("label").asString()))
                .as("a series per CPU")
                .hasSize(2);
        assertThat(ReportTest.chart(node, "os_test_cpu.frequency_hz")
                        .get("unit")
                        .asString())
                .isEqualTo("Hz");
        JsonNode container = ReportTest.section(d, "container:rep-cpu@vm");
        assertThat(ReportTest.chart(container, "container_test_wait.wait_seconds"))
                .isNotNull();
        assertThat(ReportTest.chart(container, "cpu"))
                .as("the container keeps its own charts")
                .isNotNull();
        assertThat(d.get("sections").valueStream().map(s -> s.get("key").asString()))
                .noneMatch(k -> k.contains("vm.tcp") || k.contains("testcpu") || k.contains("testwait"));
    }
}
