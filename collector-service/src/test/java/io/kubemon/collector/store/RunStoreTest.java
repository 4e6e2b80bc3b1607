package io.kubemon.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubemon.collector.volume.StoreHealth;
import io.kubemon.common.schema.ContainerTables;
import io.kubemon.common.schema.OsTables;
import io.kubemon.common.wire.StoreFault;
import io.kubemon.testsupport.TmpfsVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run's files on a real volume that fills, at each step of a write: the journal's record, a CSV
 * append, a new file's creation, a checkpoint, and a directory that is read-only (a real EROFS: a
 * read-only tmpfs mounted where a table's directory goes). Each time the batch is refused as
 * retryable with the fault named, the store recovers by itself once the volume takes writes, and
 * the resent batches end up in the files exactly once, in order, with no torn line.
 */
class RunStoreTest {
    private TmpfsVolume volume;
    private StoreHealth health;
    private Path dir;

    @BeforeEach
    void mount() throws Exception {
        volume = TmpfsVolume.mount(24L << 20, 400);
        dir = Files.createDirectories(volume.path().resolve("run"));
        health = new StoreHealth(volume.path(), Clock.systemUTC(), Duration.ofMillis(400));
    }

    @AfterEach
    void unmount() throws Exception {
        health.close();
        volume.close();
    }

    /** A batch of {@code n} rows of node n1's net table, every cell of row i saying its seq and i. */
    private static List<Row> batch(long seq, int n, String file) {
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String[] cells = new String[OsTables.OS_NET.columns().size()];
            Arrays.fill(cells, "");
            cells[0] = "eth" + i;
            cells[1] = Long.toString(seq);
            cells[2] = "x".repeat(60); // wide rows: a batch spans pages, so a full volume refuses it
            rows.add(new Row(OsTables.OS_NET, file, seq * 1000, 1000, cells));
        }
        return rows;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        io.kubemon.testsupport.Await.until(what, Duration.ofSeconds(60), condition);
    }

    /** Appends until the store refuses; returns the first refused seq. */
    private long appendUntilRefused(RunStore store, long from, int rows, String file) {
        for (long seq = from; seq < from + 400; seq++) {
            try {
                store.append("n1", "a1", seq, batch(seq, rows, file));
            } catch (StoreUnavailableException e) {
                assertThat(e.getMessage()).contains("send it again");
                return seq;
            }
        }
        throw new AssertionError("the full volume never refused a batch");
    }

    /** Resends every batch up to {@code last} (those taken before are duplicates), then closes. */
    private void resendAndClose(RunStore store, long last, int rows, String file) throws Exception {
        await("the store to recover", store::available);
        assertThat(health.failing()).isFalse();
        for (long seq = 1; seq <= last; seq++) {
            store.append("n1", "a1", seq, batch(seq, rows, file));
        }
        store.close();
    }

    /** The seq of each row of a file, checking every line is whole (all its columns). */
    private List<Long> seqs(String file) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("os").resolve(file));
        assertThat(lines.get(0)).startsWith("timestamp,");
        int columns = lines.get(0).split(",", -1).length;
        List<Long> seqs = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertThat(f).as("a whole line: " + line).hasSize(columns);
            seqs.add(Long.parseLong(f[6]));
        }
        return seqs;
    }

    /** Each batch 1..last exactly once, in order, with all its rows. */
    private void assertExactlyOnce(String file, long last, int rows) throws Exception {
        List<Long> expected = new ArrayList<>();
        for (long seq = 1; seq <= last; seq++) {
            for (int i = 0; i < rows; i++) {
                expected.add(seq);
            }
        }
        assertThat(seqs(file)).containsExactlyElementsOf(expected);
        try (CsvRunWriter again = new CsvRunWriter(dir, false)) {
            assertThat(again.batches()).isEqualTo(last);
        }
    }

    @Test
    void theVolumeFillingAtTheJournalsRecordRefusesUntilSpaceReturns() throws Exception {
        // Write-ahead: the group's record goes to a fresh segment first, so it is what fails.
        RunStore store = RunStore.open(dir, "r1", true, 8L << 20, health);
        for (long seq = 1; seq <= 3; seq++) {
            store.append("n1", "a1", seq, batch(seq, 80, "n1.net.csv"));
        }
        volume.fill(0);
        long refused = appendUntilRefused(store, 4, 80, "n1.net.csv");
        assertThat(health.status().cause()).isEqualTo(StoreFault.NO_SPACE);
        assertThat(health.status().detail()).contains("No space left on device");
        assertThat(store.available()).isFalse();
        // While failing, every batch is refused at once, counted, and nothing grows.
        long size = Files.size(dir.resolve("os/n1.net.csv"));
        assertThatThrownBy(() -> store.append("n1", "a1", refused + 1, batch(refused + 1, 80, "n1.net.csv")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(health.status().refusedBatches()).isGreaterThanOrEqualTo(2);
        Thread.sleep(1500); // probes fail meanwhile: still failing
        assertThat(store.available()).isFalse();
        assertThat(Files.size(dir.resolve("os/n1.net.csv"))).isEqualTo(size);
        volume.free();
        resendAndClose(store, refused + 5, 80, "n1.net.csv");
        assertExactlyOnce("n1.net.csv", refused + 5, 80);
        assertThat(health.status().lastRecoveredAt()).isNotNull();
    }

    @Test
    void theVolumeFillingAtACsvAppendRefusesUntilSpaceReturns() throws Exception {
        // Journal lines (fsync=interval|none): the rows go to the CSV file first, so its append fails.
        RunStore store = RunStore.open(dir, "r1", false, 8L << 20, health);
        for (long seq = 1; seq <= 3; seq++) {
            store.append("n1", "a1", seq, batch(seq, 80, "n1.net.csv"));
        }
        volume.fill(0);
        long refused = appendUntilRefused(store, 4, 80, "n1.net.csv");
        assertThat(health.status().cause()).isEqualTo(StoreFault.NO_SPACE);
        volume.free();
        resendAndClose(store, refused + 5, 80, "n1.net.csv");
        assertExactlyOnce("n1.net.csv", refused + 5, 80);
    }

    @Test
    void aNewFileWhileTheVolumeHasNoInodeLeftIsRefusedAndMadeOnceAfter() throws Exception {
        // A container that appears while the volume is full: its file cannot be created (ENOSPC
        // from the inode table), while the files already open still grow.
        RunStore store = RunStore.open(dir, "r1", true, 8L << 20, health);
        store.append("n1", "a1", 1, batch(1, 5, "n1.net.csv"));
        volume.fillInodes(0);
        assertThatThrownBy(() -> store.append("n1", "a1", 2, batch(2, 5, "n2.net.csv")))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("no space left");
        assertThat(Files.exists(dir.resolve("os/n2.net.csv"))).isFalse();
        volume.free();
        await("the store to recover", store::available);
        store.append("n1", "a1", 2, batch(2, 5, "n2.net.csv"));
        store.append("n1", "a1", 3, batch(3, 5, "n1.net.csv"));
        store.close();
        assertThat(seqs("n2.net.csv")).containsExactly(2L, 2L, 2L, 2L, 2L);
        assertThat(seqs("n1.net.csv")).containsExactly(1L, 1L, 1L, 1L, 1L, 3L, 3L, 3L, 3L, 3L);
    }

    @Test
    void aCheckpointThatCannotWriteItsSnapshotFailsTheStoreAndTheJournalKeepsEverything() throws Exception {
        // Small segments, so checkpoints come often; once a spare segment exists the next one needs
        // no new file, and with no inode left only the checkpoint's snapshot (a new file) fails.
        RunStore store = RunStore.open(dir, "r1", true, 64L << 10, health);
        long seq = 1;
        for (; !Files.exists(dir.resolve(RunJournal.SPARE)); seq++) {
            store.append("n1", "a1", seq, batch(seq, 40, "n1.net.csv"));
            assertThat(seq).as("a spare segment appears").isLessThan(200);
        }
        volume.fillInodes(0);
        long refused = -1;
        for (long s = seq; s < seq + 400 && refused < 0; s++) {
            try {
                store.append("n1", "a1", s, batch(s, 40, "n1.net.csv"));
            } catch (StoreUnavailableException e) {
                refused = s;
            }
            if (health.failing() && refused < 0) {
                refused = s + 1; // the checkpoint failed in the background after this batch was taken
            }
        }
        assertThat(refused).as("the failed checkpoint fails the store").isPositive();
        assertThat(health.status().cause()).isEqualTo(StoreFault.NO_SPACE);
        volume.free();
        resendAndClose(store, refused + 3, 40, "n1.net.csv");
        assertExactlyOnce("n1.net.csv", refused + 3, 40);
        assertThat(JournalSegments.segmentsBelow(dir, Long.MAX_VALUE))
                .as("a finished run keeps no segment")
                .isEmpty();
    }

    @Test
    void aReadOnlyDirectoryIsTheSameRetryableRefusalAndRecoversOnceWritable() throws Exception {
        // A real EROFS: a read-only tmpfs mounted where the container table's directory goes. (The
        // whole volume cannot be remounted read-only while the writer holds files open: EBUSY.)
        Path containers = Files.createDirectories(dir.resolve("container"));
        run("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", containers.toString());
        try {
            RunStore store = RunStore.open(dir, "r1", true, 8L << 20, health);
            store.append("n1", "a1", 1, batch(1, 3, "n1.net.csv"));
            String[] cells = new String[ContainerTables.CONTAINER.columns().size()];
            Arrays.fill(cells, "");
            List<Row> container = List.of(new Row(ContainerTables.CONTAINER, "c1.csv", 2000, 1000, cells));
            assertThatThrownBy(() -> store.append("n1", "a1", 2, container))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("read-only");
            assertThat(health.status().cause()).isEqualTo(StoreFault.READ_ONLY);
            run("mount", "-o", "remount,rw", containers.toString());
            await("the store to recover", store::available);
            assertThat(store.append("n1", "a1", 2, container)).isEqualTo(CsvRunWriter.Outcome.WRITTEN);
            store.close();
            assertThat(Files.readAllLines(containers.resolve("c1.csv"))).hasSize(2);
        } finally {
            run("umount", "-l", containers.toString());
        }
    }

    @Test
    void aStoreThatCannotBeOpenedRefusesTheStartAndAResumedOneRecoversLater() throws Exception {
        volume.fillInodes(0);
        Path fresh = volume.path().resolve("run"); // exists; its journal cannot be created
        assertThatThrownBy(() -> RunStore.open(fresh, "r2", true, 8L << 20, health))
                .isInstanceOf(StoreUnavailableException.class);
        RunStore resumed = RunStore.resume(fresh, "r2", true, 8L << 20, health);
        assertThat(resumed.available()).isFalse();
        volume.free();
        await("the resumed store to recover", resumed::available);
        resumed.append("n1", "a1", 1, batch(1, 2, "n1.net.csv"));
        resumed.close();
        assertThat(seqs("n1.net.csv")).containsExactly(1L, 1L);
    }

    private static void run(String... cmd) throws Exception {
        io.kubemon.testsupport.Shell.run(Duration.ofSeconds(30), cmd);
    }
}
