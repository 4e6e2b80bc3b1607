package io.kubemon.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run of many short-lived containers holds a descriptor only for the files that get rows: one
 * idle is forced and closed, and opened again for append when rows come again. On real files; the
 * descriptors counted in /proc/self/fd.
 */
class CsvRunWriterIdleFilesTest {
    @TempDir
    Path dir;

    /** Rows for one file per container, as the container table has them. */
    private static List<Row> rowsOf(String file, long ts) {
        return CsvRunWriterTest.rows(ts, "eth0").stream()
                .map(r -> new Row(r.table(), file, r.timestamp(), r.intervalMs(), r.cells()))
                .toList();
    }

    /** The descriptors of this process open on the run's CSV files. */
    private long openCsvDescriptors() throws Exception {
        String prefix = dir.resolve("os").toRealPath().toString();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString();
                        } catch (Exception e) {
                            return "";
                        }
                    })
                    .filter(target -> target.startsWith(prefix))
                    .count();
        }
    }

    @ParameterizedTest(name = "writeAhead={0}")
    @ValueSource(booleans = {true, false})
    void idleFilesAreClosedAndReopenedForAppendWithOneHeader(boolean writeAhead) throws Exception {
        int containers = 50;
        try (CsvRunWriter w = new CsvRunWriter(dir, writeAhead)) {
            long seq = 0;
            for (int c = 0; c < containers; c++) {
                w.append("n1", "a1", ++seq, rowsOf("c" + c + ".csv", 1000));
            }
            assertThat(w.openFiles()).isEqualTo(containers);
            assertThat(openCsvDescriptors()).isEqualTo(containers);
            // Not idle for a minute yet: nothing closes.
            assertThat(w.closeIdleFiles(Duration.ofMinutes(1))).isZero();
            assertThat(w.closeIdleFiles(Duration.ZERO)).isEqualTo(containers);
            assertThat(w.openFiles()).isZero();
            assertThat(openCsvDescriptors()).isZero();
            // Rows come again for one: opened for append, no second header.
            w.append("n1", "a1", ++seq, rowsOf("c7.csv", 2000));
            assertThat(w.openFiles()).isEqualTo(1);
            w.sync();
        }
        List<String> lines = Files.readAllLines(dir.resolve("os/c7.csv"));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("timestamp,");
        assertThat(lines.get(1)).startsWith("1970-01-01T00:00:01.000Z");
        assertThat(lines.get(2)).startsWith("1970-01-01T00:00:02.000Z");
        assertThat(Files.readAllLines(dir.resolve("os/c8.csv"))).hasSize(2);
        try (CsvRunWriter again = new CsvRunWriter(dir, writeAhead)) {
            assertThat(again.rows()).isEqualTo(containers + 1);
            assertThat(again.batches()).isEqualTo(containers + 1);
        }
    }

    @Test
    void closingIdleFilesBesideAppendsSyncsAndACrashLosesNothing() throws Exception {
        CsvRunWriter w = new CsvRunWriter(dir, false);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> upkeep = new ArrayList<>();
        // The interval fsync and the idle sweep, as the collector's scheduler runs them, but without pause.
        for (Runnable job : List.<Runnable>of(
                () -> {
                    try {
                        w.sync();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                () -> {
                    try {
                        w.closeIdleFiles(Duration.ZERO);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })) {
            Thread t = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        job.run();
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            upkeep.add(t);
        }
        int batches = 400;
        for (int seq = 1; seq <= batches; seq++) {
            assertThat(w.append("n1", "a1", seq, rowsOf("c" + (seq % 7) + ".csv", seq * 1000L)))
                    .isEqualTo(CsvRunWriter.Outcome.WRITTEN);
        }
        stop.set(true);
        for (Thread t : upkeep) {
            t.join(10_000);
        }
        assertThat(failure.get()).isNull();
        // A crash: no close, no last checkpoint; recovery finds every committed row, once.
        w.abandon();
        try (CsvRunWriter again = new CsvRunWriter(dir, false)) {
            assertThat(again.batches()).isEqualTo(batches);
            assertThat(again.rows()).isEqualTo(batches);
        }
        long rows = 0;
        for (int c = 0; c < 7; c++) {
            List<String> lines = Files.readAllLines(dir.resolve("os/c" + c + ".csv"));
            assertThat(lines.stream().filter(l -> l.startsWith("timestamp,"))).hasSize(1);
            rows += lines.size() - 1;
        }
        assertThat(rows).isEqualTo(batches);
    }
}
