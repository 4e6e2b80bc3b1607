package io.kubemon.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.agent.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSequenceTest {
    @TempDir
    Path spool;

    @Test
    void aRestartedAgentNeverNumbersBelowASeqItUsed() {
        RunSequence seq = new RunSequence(TestSupport.properties(spool));
        assertThat(seq.last("run-a")).isZero();
        for (long n = 1; n <= 3 * RunSequence.BLOCK + 7; n++) {
            seq.record("run-a", n);
            // A restart at any moment (a new instance reading the same spool) starts above n.
            assertThat(new RunSequence(TestSupport.properties(spool)).last("run-a"))
                    .isGreaterThanOrEqualTo(n);
        }
        assertThat(new RunSequence(TestSupport.properties(spool)).last("run-b")).isZero();
    }

    @Test
    void theFileIsWrittenOncePerBlockNotOncePerBatch() throws Exception {
        RunSequence seq = new RunSequence(TestSupport.properties(spool));
        seq.record("r", 1);
        Path file = TestSupport.properties(spool).spoolDir().resolve("seq").resolve("r");
        String first = Files.readString(file);
        Files.writeString(file, "marker");
        for (long n = 2; n < RunSequence.BLOCK; n++) {
            seq.record("r", n);
        }
        assertThat(Files.readString(file)).as("untouched within the block").isEqualTo("marker");
        seq.record("r", RunSequence.BLOCK + 1);
        assertThat(Long.parseLong(Files.readString(file))).isGreaterThan(Long.parseLong(first));
    }

    @Test
    void aRunStartedAgainContinuesAboveItsReservation() {
        RunSequence seq = new RunSequence(TestSupport.properties(spool));
        seq.record("r", 5);
        long resumed = new RunSequence(TestSupport.properties(spool)).last("r");
        RunSequence second = new RunSequence(TestSupport.properties(spool));
        second.record("r", resumed + 1);
        assertThat(new RunSequence(TestSupport.properties(spool)).last("r")).isGreaterThan(resumed);
    }
}
