package io.kubemon.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.opencsv.CSVReader;
import io.kubemon.common.schema.OsTables;
import io.kubemon.common.schema.Table;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch's rows as CSV bytes, read back with opencsv's own reader: one chunk per file, cells as given. */
class CsvFormatTest {
    private static Row row(Table t, String file, long ts, String first) {
        String[] cells = new String[t.columns().size()];
        cells[0] = first;
        return new Row(t, file, ts, 1000, cells);
    }

    private static List<String[]> read(byte[] bytes) throws Exception {
        try (CSVReader r = new CSVReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
            return new ArrayList<>(r.readAll());
        }
    }

    @Test
    void rowsGoToTheirFilesInOrderWithThePrefixAndAwkwardCellsRoundTrip() throws Exception {
        Table os = OsTables.OS;
        Table disk = OsTables.OS_DISK;
        CsvFormat.Formatted f = CsvFormat.format(
                "node-1",
                "agent-1",
                7,
                List.of(
                        row(os, "n1", 1_764_000_000_000L, "a,b \"quoted\"\nline"),
                        row(disk, "n1", 1_764_000_000_000L, "vda"),
                        row(os, "n1", 1_764_000_001_000L, null)));
        assertThat(f.maxTimestamp()).isEqualTo(1_764_000_001_000L);
        assertThat(f.chunks()).extracting(CsvFormat.Chunk::table).containsExactly(os, disk);
        assertThat(f.chunks()).extracting(CsvFormat.Chunk::rows).containsExactly(2, 1);

        List<String[]> lines = read(f.chunks().get(0).bytes());
        assertThat(lines).hasSize(2);
        int prefix = Table.ROW_PREFIX.size();
        assertThat(lines.get(0)).hasSize(prefix + os.columns().size());
        assertThat(lines.get(0)[0]).isEqualTo("2025-11-24T16:00:00.000Z");
        assertThat(List.of(lines.get(0))).contains("node-1", "agent-1", "7", "1000");
        assertThat(lines.get(0)[prefix]).isEqualTo("a,b \"quoted\"\nline");
        assertThat(lines.get(1)[0]).isEqualTo("2025-11-24T16:00:01.000Z");
        assertThat(lines.get(1)[prefix]).as("a missing value is an empty cell").isEmpty();
        assertThat(read(f.chunks().get(1).bytes()).get(0)[prefix]).isEqualTo("vda");
    }

    @Test
    void theHeaderIsTheTablesColumnsBehindThePrefix() throws Exception {
        String[] header = read(CsvFormat.header(OsTables.OS_NET)).get(0);
        assertThat(header).containsExactly(OsTables.OS_NET.header());
        assertThat(header[0]).isEqualTo("timestamp");
    }
}
