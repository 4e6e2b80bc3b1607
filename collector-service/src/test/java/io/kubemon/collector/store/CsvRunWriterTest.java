package io.kubemon.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.common.schema.ContainerTables;
import io.kubemon.common.schema.OsTables;
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

    static List<Row> rows(long ts, String... interfaces) {
        return java.util.Arrays.stream(interfaces)
                .map(i -> {
                    String[] cells = new String[OsTables.OS_NET.columns().size()];
                    java.util.Arrays.fill(cells, "");
                    cells[0] = i;
                    cells[1] = "42";
                    return new Row(OsTables.OS_NET, "n1.net.csv", ts, 1000, cells);
                })
                .toList();
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
        Files.writeString(
                dir.resolve(CsvRunWriter.JOURNAL),
                "B a1 3 2 os/n1.net.csv=9",
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        // A file only the lost batch created holds nothing committed.
        Files.createDirectories(dir.resolve("container"));
        Files.writeString(dir.resolve("container/new.csv"), "timestamp,interval_ms\n");

        try (CsvRunWriter w = new CsvRunWriter(dir, true)) {
            assertThat(Files.readString(file())).isEqualTo(committed);
            assertThat(dir.resolve("container/new.csv")).doesNotExist();
            assertThat(Files.readString(dir.resolve(CsvRunWriter.JOURNAL), StandardCharsets.UTF_8))
                    .endsWith("\n");
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

    @Test
    void concurrentAgentsAndTheirResendsEndUpExactlyOnce() throws Exception {
        int agents = 8;
        int perAgent = 40;
        try (CsvRunWriter w = new CsvRunWriter(dir, true)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(agents);
            List<java.util.concurrent.Future<Long>> written = new java.util.ArrayList<>();
            for (int a = 0; a < agents; a++) {
                String agent = "a" + a;
                written.add(pool.submit(() -> {
                    long n = 0;
                    for (int seq = 1; seq <= perAgent; seq++) {
                        // Every batch is sent twice, as after a lost acknowledgement.
                        for (int attempt = 0; attempt < 2; attempt++) {
                            if (w.append("n1", agent, seq, rows(seq * 1000L, "eth0", "lo"))
                                    == CsvRunWriter.Outcome.WRITTEN) {
                                n++;
                            }
                        }
                    }
                    return n;
                }));
            }
            for (var f : written) {
                assertThat(f.get()).isEqualTo(perAgent);
            }
            pool.shutdown();
            assertThat(w.batches()).isEqualTo(agents * perAgent);
            assertThat(w.rows()).isEqualTo(agents * perAgent * 2L);
            assertThat(w.duplicates()).isEqualTo(agents * perAgent);
        }
        List<String> lines = Files.readAllLines(file());
        assertThat(lines).hasSize(1 + agents * perAgent * 2);
        assertThat(lines.stream()
                        .skip(1)
                        .map(l -> l.split(",")[3] + "/" + l.split(",")[4] + "/" + l.split(",")[5])
                        .distinct())
                .as("each (agent, seq, interface) once")
                .hasSize(agents * perAgent * 2);
        // Reopened, the journal accounts for every batch.
        try (CsvRunWriter again = new CsvRunWriter(dir, true)) {
            assertThat(again.batches()).isEqualTo(agents * perAgent);
            assertThat(Files.readAllLines(file())).hasSize(1 + agents * perAgent * 2);
        }
    }

    @Test
    void aGroupJournalLineCommitsAllItsBatchesOrNone() throws Exception {
        try (CsvRunWriter w = new CsvRunWriter(dir, false)) {
            w.append("n1", "a1", 1, rows(1000, "eth0"));
        }
        // Two agents' batches committed by one line, as a group commit writes it.
        String rowsOfGroup =
                "1970-01-01T00:00:02.000Z,1000,n1,a1,2,eth0,42\n1970-01-01T00:00:02.000Z,1000,n2,a2,7,eth0,42\n";
        Files.writeString(file(), rowsOfGroup, StandardOpenOption.APPEND);
        long length = Files.size(file());
        Files.writeString(
                dir.resolve(CsvRunWriter.JOURNAL),
                "G 2 a1 2 1 a2 7 1 os/n1.net.csv=" + length + ":3\n",
                StandardOpenOption.APPEND);
        // Then a group torn in the middle of its journal line: none of its batches counts.
        Files.writeString(file(), "1970-01-01T00:00:03.000Z,1000,n1,a1,3,eth0,42\n", StandardOpenOption.APPEND);
        Files.writeString(
                dir.resolve(CsvRunWriter.JOURNAL), "G 2 a1 3 1 a2 8 1 os/n1.net.cs", StandardOpenOption.APPEND);

        try (CsvRunWriter w = new CsvRunWriter(dir, false)) {
            assertThat(Files.size(file())).isEqualTo(length);
            assertThat(w.batches()).isEqualTo(3);
            assertThat(w.rows()).isEqualTo(3);
            assertThat(w.append("n2", "a2", 7, rows(2000, "eth0"))).isEqualTo(CsvRunWriter.Outcome.DUPLICATE);
            assertThat(w.append("n1", "a1", 3, rows(3000, "eth0"))).isEqualTo(CsvRunWriter.Outcome.WRITTEN);
            assertThat(w.append("n2", "a2", 8, rows(3000, "eth0"))).isEqualTo(CsvRunWriter.Outcome.WRITTEN);
        }
        assertThat(Files.readAllLines(file())).hasSize(1 + 5);
    }

    @Test
    void theReusedLineBufferFormatsExactlyAsOpencsvsStockWriter() throws Exception {
        // Cells needing quotes, escaped quotes, line breaks, empty and null cells, long and short
        // lines one after another: the reused buffer must never carry one line into the next.
        List<String[]> lines = List.of(
                new String[] {"plain", "42", ""},
                new String[] {"a,b", "say \"hi\"", "two\nlines"},
                new String[] {null, "x".repeat(3000), "end"},
                new String[] {"short"},
                new String[] {"carriage\rreturn", "'single'", "tab\there"});
        java.io.StringWriter stock = new java.io.StringWriter();
        com.opencsv.ICSVWriter reference =
                new com.opencsv.CSVWriterBuilder(stock).withLineEnd("\n").build();
        java.io.StringWriter reused = new java.io.StringWriter();
        CsvFormat.ReusingCsvWriter ours = new CsvFormat.ReusingCsvWriter(reused);
        for (String[] line : lines) {
            reference.writeNext(line, false);
            ours.writeNext(line, false);
        }
        assertThat(reused.toString()).isEqualTo(stock.toString());
        assertThat(ours.checkError()).isFalse();
    }

    @Test
    void periodicFsyncRunsBesideAppendsAndCloseWithoutLosingOrBlockingThem() throws Exception {
        CsvRunWriter w = new CsvRunWriter(dir, false);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<Throwable> syncFailure =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread syncer = new Thread(() -> {
            try {
                while (!stop.get()) {
                    w.sync();
                }
                w.sync(); // after close: returns quietly
            } catch (Throwable t) {
                syncFailure.set(t);
            }
        });
        syncer.start();
        int batches = 300;
        for (int seq = 1; seq <= batches; seq++) {
            assertThat(w.append("n1", "a1", seq, rows(seq * 1000L, "eth0", "lo")))
                    .isEqualTo(CsvRunWriter.Outcome.WRITTEN);
        }
        w.close(); // while the syncer may be forcing: a closed channel there is not an error
        stop.set(true);
        syncer.join(10_000);
        assertThat(syncFailure.get()).isNull();
        assertThat(Files.readAllLines(file())).hasSize(1 + batches * 2);
        try (CsvRunWriter again = new CsvRunWriter(dir, false)) {
            assertThat(again.batches()).isEqualTo(batches);
            assertThat(again.rows()).isEqualTo(batches * 2L);
        }
    }

    @Test
    void aBatchWithAFileThatCannotBeOpenedLeavesNoneOfItsRowsBehind() throws Exception {
        // The container table's directory cannot be made: a plain file holds its name.
        Files.writeString(dir.resolve("container"), "not a directory");
        String[] cells = new String[ContainerTables.CONTAINER.columns().size()];
        java.util.Arrays.fill(cells, "");
        Row containerRow = new Row(ContainerTables.CONTAINER, "c1.csv", 1000, 1000, cells);
        List<Row> mixed = new java.util.ArrayList<>(rows(1000, "eth0"));
        mixed.add(containerRow);
        try (CsvRunWriter w = new CsvRunWriter(dir, true)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.append("n1", "a1", 1, mixed))
                    .isInstanceOf(java.io.IOException.class);
            assertThat(w.append("n1", "a1", 2, rows(2000, "lo"))).isEqualTo(CsvRunWriter.Outcome.WRITTEN);
        }
        // The failed batch's os row is not in the file: only the header and batch 2's row.
        List<String> lines = Files.readAllLines(file());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1).split(",")[4]).isEqualTo("2");
    }

    /** Every segment file in the run directory. */
    private List<Path> segments() throws Exception {
        return JournalSegments.segmentsBelow(dir, Long.MAX_VALUE);
    }

    @Test
    void writeAheadRebuildsFilesAMachineFailureEmptiedAndItsOneRecordPerGroupIsForced() throws Exception {
        CsvRunWriter crashed = new CsvRunWriter(dir, true);
        for (int seq = 1; seq <= 20; seq++) {
            crashed.append("n1", "a1", seq, rows(seq * 1000L, "eth0", "lo"));
        }
        String written = Files.readString(file());
        assertThat(segments()).hasSize(1);
        assertThat(dir.resolve(CsvRunWriter.JOURNAL))
                .as("no journal line before a checkpoint")
                .doesNotExist();
        // The machine fails: the CSV file was never forced, so its pages are gone (here: the file is
        // cut to nothing); the write-ahead segment was forced before each acknowledgement.
        Files.write(file(), new byte[0]);

        try (CsvRunWriter w = new CsvRunWriter(dir, true)) {
            assertThat(Files.readString(file())).isEqualTo(written);
            assertThat(w.batches()).isEqualTo(20);
            assertThat(w.rows()).isEqualTo(40);
            assertThat(w.append("n1", "a1", 20, rows(20_000, "eth0", "lo"))).isEqualTo(CsvRunWriter.Outcome.DUPLICATE);
            assertThat(w.append("n1", "a1", 21, rows(21_000, "eth0", "lo"))).isEqualTo(CsvRunWriter.Outcome.WRITTEN);
        }
        assertThat(segments()).as("a closed run keeps no segment").isEmpty();
        assertThat(Files.readAllLines(dir.resolve(CsvRunWriter.JOURNAL))).contains("A a1 21 42 21");
        assertThat(Files.readAllLines(file())).hasSize(1 + 42);
    }

    @Test
    void aFileTheMachineFailureLostEntirelyIsMadeAgainWithItsHeader() throws Exception {
        CsvRunWriter crashed = new CsvRunWriter(dir, true);
        crashed.append("n1", "a1", 1, rows(1000, "eth0"));
        String written = Files.readString(file());
        Files.delete(file());
        try (CsvRunWriter w = new CsvRunWriter(dir, true)) {
            assertThat(Files.readString(file())).isEqualTo(written).startsWith("timestamp,");
        }
    }

    @Test
    void fullSegmentsAreCheckpointedAwayAndWhatFollowsTheLastCheckpointIsReplayed() throws Exception {
        CsvRunWriter crashed = new CsvRunWriter(dir, true, 2048);
        for (int seq = 1; seq <= 200; seq++) {
            crashed.append("n1", "a1", seq, rows(seq * 1000L, "eth0", "lo"));
        }
        String written = Files.readString(file());
        // Checkpoints run behind the committer: the last one ends here, and no other starts while
        // the "machine failure" below is simulated (a crashed process has no checkpointer running).
        crashed.awaitCheckpoints();
        assertThat(segments()).as("segments covered by a snapshot are deleted").hasSizeLessThanOrEqualTo(2);
        // What the last snapshot says is on disk stays; everything after it is lost with the page cache.
        RunJournal.State snapshot = new RunJournal.State();
        for (String line : Files.readAllLines(dir.resolve(CsvRunWriter.JOURNAL))) {
            RunJournal.applyLine(snapshot, line);
        }
        long durable = snapshot.files.get("os/n1.net.csv").length();
        assertThat(durable).isGreaterThan(0).isLessThan(written.length());
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file(), StandardOpenOption.WRITE)) {
            ch.truncate(durable);
        }

        try (CsvRunWriter w = new CsvRunWriter(dir, true, 2048)) {
            assertThat(Files.readString(file())).isEqualTo(written);
            assertThat(w.batches()).isEqualTo(200);
            assertThat(w.byAgent().get("a1")).isEqualTo(new CsvRunWriter.Delivered(400, 200));
        }
    }

    @Test
    void aTornOrCorruptLastRecordCommitsNothingOfItsGroup() throws Exception {
        CsvRunWriter crashed = new CsvRunWriter(dir, true);
        crashed.append("n1", "a1", 1, rows(1000, "eth0"));
        crashed.append("n1", "a1", 2, rows(2000, "eth0"));
        String committed = Files.readString(file());
        Path segment = segments().get(0);
        byte[] whole = Files.readAllBytes(segment);
        // A third group's record whose bytes were never all written (its rows half in the file).
        String row = "1970-01-01T00:00:03.000Z,1000,n1,a1,3,eth0,42\n";
        long end = committed.length() + row.length();
        Files.writeString(file(), row.substring(0, 20), StandardOpenOption.APPEND);
        Files.writeString(
                segment,
                "W 1 1234 " + row.length() + " 1 a1 3 1 os/n1.net.csv=" + end + ":3:" + row.length() + "\n"
                        + row.substring(0, 10),
                StandardOpenOption.APPEND);
        try (CsvRunWriter w = new CsvRunWriter(dir, true)) {
            assertThat(Files.readString(file())).isEqualTo(committed);
            assertThat(w.batches()).isEqualTo(2);
            assertThat(w.append("n1", "a1", 3, rows(3000, "eth0"))).isEqualTo(CsvRunWriter.Outcome.WRITTEN);
        }

        // Now a whole record whose checksum does not match its bytes (a sector of garbage), and then the
        // same record with its right checksum, which is taken: the check is what refused the first.
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(row.getBytes(StandardCharsets.UTF_8));
        for (String checksum : List.of("1234", Long.toHexString(crc.getValue()))) {
            Files.delete(dir.resolve(CsvRunWriter.JOURNAL));
            java.util.Arrays.stream(dir.resolve("os").toFile().listFiles()).forEach(java.io.File::delete);
            for (Path p : segments()) {
                Files.delete(p);
            }
            Files.write(JournalSegments.segment(dir, 1), whole);
            Files.writeString(
                    JournalSegments.segment(dir, 1),
                    "W 1 " + checksum + " " + row.length() + " 1 a1 3 1 os/n1.net.csv=" + end + ":3:" + row.length()
                            + "\n" + row,
                    StandardOpenOption.APPEND);
            boolean right = !checksum.equals("1234");
            try (CsvRunWriter w = new CsvRunWriter(dir, true)) {
                assertThat(Files.readString(file())).isEqualTo(right ? committed + row : committed);
                assertThat(w.batches()).isEqualTo(right ? 3 : 2);
            }
        }
    }

    @Test
    void aRunWrittenWithJournalLinesRecoversIntoWriteAheadAndBack() throws Exception {
        try (CsvRunWriter w = new CsvRunWriter(dir, false)) {
            w.append("n1", "a1", 1, rows(1000, "eth0"));
        }
        CsvRunWriter crashed = new CsvRunWriter(dir, true);
        long forced = Files.size(file()); // opening in write-ahead form forced the files and made a snapshot
        crashed.append("n1", "a1", 2, rows(2000, "eth0"));
        String written = Files.readString(file());
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file(), StandardOpenOption.WRITE)) {
            ch.truncate(forced); // the machine fails: what was not forced is gone
        }
        try (CsvRunWriter w = new CsvRunWriter(dir, false)) { // restarted with fsync=interval
            assertThat(Files.readString(file())).isEqualTo(written);
            assertThat(segments()).isEmpty();
            w.append("n1", "a1", 3, rows(3000, "eth0"));
        }
        try (CsvRunWriter w = new CsvRunWriter(dir, true)) {
            assertThat(w.batches()).isEqualTo(3);
            assertThat(w.totals().get("os").rows()).isEqualTo(3);
        }
        assertThat(Files.readAllLines(file())).hasSize(4);
    }
}
