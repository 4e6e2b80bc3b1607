package io.kubemon.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-read rows against what a CSV file can hold: quotes, commas and newlines in a cell, CRLF, a torn end. */
class CsvRowTest {
    /** Reads as RunReader does; each row as "timestamp|interval|command|cpu". */
    private static List<String> read(String text) throws Exception {
        List<String> out = new ArrayList<>();
        long rows = CsvRow.readAll(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                row -> out.add(row.timestampMs() + "|" + row.num("interval_ms") + "|" + row.text("command") + "|"
                        + row.num("cpu")));
        out.add("rows " + rows);
        return out;
    }

    @Test
    void quotedCellsCrlfEmptyCellsAndATornEnd() throws Exception {
        String csv = "timestamp,interval_ms,command,cpu\r\n"
                + "2026-01-01T00:00:01.000Z,1000,plain,0.5\r\n"
                + "2026-01-01T00:00:02.000Z,1000,\"sh -c \"\"a, b\"\"\nsecond line\",1.25\n"
                + "2026-01-01T00:00:03.000Z,1000,,\n"
                + "2026-01-01T00:00:04.500Z,998.5,é✓,-3\n"
                + "2026-01-01T00:00:0";
        assertThat(read(csv))
                .containsExactly(
                        "1767225601000|1000.0|plain|0.5",
                        "1767225602000|1000.0|sh -c \"a, b\"\nsecond line|1.25",
                        "1767225603000|1000.0||NaN",
                        "1767225604500|998.5|é✓|-3.0",
                        "rows 4"); // the torn last line is no row
    }

    /** Lines longer than the reader's buffer and many lines across buffer refills. */
    @Test
    void longLinesAndManyRefills() throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,interval_ms,command,cpu\n");
        String longCommand = "x".repeat(3 << 20);
        csv.append("2026-01-01T00:00:00.000Z,1000,").append(longCommand).append(",1\n");
        for (int i = 1; i <= 50_000; i++) {
            csv.append(io.kubemon.common.schema.RowFormat.timestamp(1767225600000L + i * 1000L))
                    .append(",1000,c,")
                    .append(i)
                    .append('\n');
        }
        List<String> rows = read(csv.toString());
        assertThat(rows).hasSize(50_002).endsWith("rows 50001");
        assertThat(rows.get(0)).isEqualTo("1767225600000|1000.0|" + longCommand + "|1.0");
        assertThat(rows.get(50_000)).isEqualTo((1767225600000L + 50_000_000L) + "|1000.0|c|50000.0");
    }
}
