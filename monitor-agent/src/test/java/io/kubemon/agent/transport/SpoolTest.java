package io.kubemon.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.common.wire.Sample;
import io.kubemon.common.wire.SampleBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The outbox on a real spool directory: order, spilling, the size limit, and a restart. */
class SpoolTest {
    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private static SampleBatch batch(long seq, int rows) {
        Sample s = new Sample(
                "os_net",
                "n",
                1_764_000_000_000L + seq * 1000,
                1000,
                Map.of("interface", "eth0", "receive_bytes", seq));
        return new SampleBatch("agent", "run-1", seq, Collections.nCopies(rows, s));
    }

    private static List<Long> drain(Spool spool) {
        List<Long> seqs = new ArrayList<>();
        for (SampleBatch b = spool.peek(); b != null; b = spool.peek()) {
            seqs.add(b.seq());
            spool.remove();
        }
        return seqs;
    }

    @Test
    void batchesLeaveInOrderAcrossMemoryAndDisk() throws Exception {
        Spool spool = new Spool(3, Long.MAX_VALUE, dir, json);
        for (long seq = 1; seq <= 10; seq++) {
            assertThat(spool.add(batch(seq, 2))).isEmpty();
        }
        assertThat(spool.size()).isEqualTo(10);
        assertThat(spool.spooled()).isEqualTo(7);
        // Sending resumes while new batches keep coming: still in order.
        assertThat(spool.peek().seq()).isEqualTo(1);
        spool.remove();
        spool.add(batch(11, 2));
        assertThat(drain(spool)).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
        spool.add(batch(12, 2));
        assertThat(spool.spooled())
                .as("memory is used again once the disk is empty")
                .isZero();
    }

    @Test
    void pastTheLimitTheOldestAreDroppedAndEveryRowIsCounted() throws Exception {
        long oneBatch = json.writeValueAsBytes(batch(1, 5)).length;
        Spool spool = new Spool(1, oneBatch * 3 + oneBatch / 2, dir, json);
        long dropped = 0;
        List<Long> droppedSeqs = new ArrayList<>();
        for (long seq = 1; seq <= 10; seq++) {
            for (Spool.Dropped d : spool.add(batch(seq, 5))) {
                dropped += d.rows();
                droppedSeqs.add(d.seq());
            }
        }
        // 1 in memory, 3 on disk within the limit: 2..7 were dropped, oldest first.
        assertThat(droppedSeqs).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(dropped).isEqualTo(30);
        assertThat(drain(spool)).containsExactly(1L, 8L, 9L, 10L);
    }

    @Test
    void spooledBatchesSurviveARestartOfTheAgent() {
        Spool before = new Spool(1, Long.MAX_VALUE, dir, json);
        for (long seq = 1; seq <= 5; seq++) {
            before.add(batch(seq, 1));
        }
        // The process dies: batch 1 was only in memory; 2..5 are on disk.
        Spool after = new Spool(1, Long.MAX_VALUE, dir, json);
        assertThat(after.size()).isEqualTo(4);
        after.add(batch(6, 1));
        assertThat(drain(after)).containsExactly(2L, 3L, 4L, 5L, 6L);
    }
}
