package io.kubemon.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.common.schema.Schemas;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exactly-once appends and crash recovery of one run's files, on real files. */
class CsvRunWriterTest {
    @TempDir
    Path dir;

    private static List<Row> rows(long ts, String... interfaces) {
        return java.util.Arrays.stream(interfaces).map(i -> {
            String[] cells = new String[Schemas.OS_NET.columns().size()];
            java.util.Arrays.fill(cells, "");
            cells[0] = i;
            cells[1] = "42";
            return new Row(Schemas.OS_NET, "n1.net.csv", ts, 1000, cells);
        }).toList();
    }

    private Path file() {
        return dir.resolve("os/n1.net.csv");
    }

    @Test
    void aBatchSeenBeforeIsAcknowledgedButNotWrittenAgain() throws Exception {
        try (CsvRunWriter w = new CsvRunWriter(dir, true)) {
            assertThat(w.append("n1", "a1", 1, rows(1000, "eth0", "lo"))).isEqualTo(CsvRunWriter.Outcome.WRITTEN);
            byte[] before = Files.readAllBytes(file());
            assertThat(w.append("n1", "a1", 1, rows(1000, "eth0", "lo"))).isEqualTo(CsvRunWriter.Outcome.DUPLICATE);
            assertThat(Files.readAllBytes(file())).isEqualTo(before);
            // Another agent's seq 1 is its own.
            assertThat(w.append("n2", "a2", 1, rows(1000, "eth0"))).isEqualTo(CsvRunWriter.Outcome.WRITTEN);
            assertThat(w.rows()).isEqualTo(3);
            assertThat(w.duplicates()).isEqualTo(1);
        }
    }

    @Test
    void afterACrashFilesAreCutBackToTheLastCommittedBatchAndResendsAreTakenOnce() throws Exception {
        CsvRunWriter crashed = new CsvRunWriter(dir, true);
        crashed.append("n1", "a1", 1, rows(1000, "eth0", "lo"));
        crashed.append("n1", "a1", 2, rows(2000, "eth0", "lo"));
        String committed = Files.readString(file());
        // The process dies in the middle of batch 3: half a row on disk, a torn journal line, no ack.
        Files.writeString(file(), "1970-01-01T00:00:03.000Z,1000,n1,a1,3,eth0,4", StandardOpenOption.APPEND);
        Files.writeString(dir.resolve(CsvRunWriter.JOURNAL), "B a1 3 2 os/n1.net.csv=9", StandardOpenOption.APPEND);
        // A file only the lost batch created holds nothing committed.
        Files.createDirectories(dir.resolve("container"));
        Files.writeString(dir.resolve("container/new.csv"), "timestamp,interval_ms\n");

        try (CsvRunWriter w = new CsvRunWriter(dir, true)) {
            assertThat(Files.readString(file())).isEqualTo(committed);
            assertThat(dir.resolve("container/new.csv")).doesNotExist();
            assertThat(Files.readString(dir.resolve(CsvRunWriter.JOURNAL), StandardCharsets.UTF_8)).endsWith("\n");
            assertThat(w.rows()).isEqualTo(4);
            assertThat(w.batches()).isEqualTo(2);
            assertThat(w.totals().get("os").rows()).isEqualTo(4);
            // The agent resends 2 (ack lost) and 3 (never acknowledged).
            assertThat(w.append("n1", "a1", 2, rows(2000, "eth0", "lo"))).isEqualTo(CsvRunWriter.Outcome.DUPLICATE);
            assertThat(w.append("n1", "a1", 3, rows(3000, "eth0", "lo"))).isEqualTo(CsvRunWriter.Outcome.WRITTEN);
        }
        List<String> lines = Files.readAllLines(file());
        assertThat(lines).hasSize(1 + 6);
        assertThat(lines.stream().skip(1).map(l -> l.split(",")[4])).containsExactly("1", "1", "2", "2", "3", "3");
        assertThat(lines.get(0)).startsWith("timestamp,");
    }
}
