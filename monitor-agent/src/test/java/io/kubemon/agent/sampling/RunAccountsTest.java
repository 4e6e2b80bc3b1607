package io.kubemon.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.agent.TestSupport;
import io.kubemon.common.wire.RunAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's per-run account on real files: every sampled row is sent, dropped for a reason, or outstanding. */
class RunAccountsTest {
    @TempDir
    Path root;

    @Test
    void anAccountSurvivesARestartAndNamesWhatTheMemoryQueueLost() {
        RunAccounts ledger = new RunAccounts(TestSupport.properties(root));
        for (int t = 1; t <= 10; t++) {
            ledger.sampled("run-1", t * 500L, 500, 6);
        }
        ledger.sent("run-1", 24);
        ledger.dropped("run-1", RunAccounts.Reason.SPOOL_FULL, 6);
        ledger.missed("run-1", 2);
        ledger.malformed("run-1", 4);
        ledger.close(); // killed: only what was written to the account file is left

        RunAccounts after = new RunAccounts(TestSupport.properties(root));
        // Two batches made it to the spool directory; the other 18 rows were in memory.
        after.reconcile(Map.of("run-1", 12L));
        RunAccount r = after.report("run-1");
        assertThat(r.sampledRows()).isEqualTo(60);
        assertThat(r.sentRows()).isEqualTo(24);
        assertThat(r.droppedSpoolFull()).isEqualTo(6);
        assertThat(r.droppedAgentRestart()).isEqualTo(18);
        assertThat(r.outstandingRows())
                .as("the spooled rows are still to be sent")
                .isEqualTo(12);
        assertThat(r.firstTickMs()).isEqualTo(500);
        assertThat(r.lastTickMs()).isEqualTo(5000);
        assertThat(r.missedTicks()).isEqualTo(2);
        assertThat(r.malformedFields()).as("kept across the restart").isEqualTo(4);
        assertThat(r.sampledRows()).isEqualTo(r.sentRows() + r.droppedRows() + r.outstandingRows());
        after.close();
    }

    @Test
    void ticksAfterTheStopLeaveTheAccountAndTheLastTickIsTheStopsGridPoint() {
        RunAccounts ledger = new RunAccounts(TestSupport.properties(root));
        for (int t = 1; t <= 6; t++) {
            ledger.sampled("run-2", t * 1000L, 1000, 5);
        }
        assertThat(ledger.report("run-2").drained()).isFalse();
        assertThat(ledger.stop("run-2", 4500)).as("news").isTrue();
        assertThat(ledger.stop("run-2", 4500)).as("not news twice").isFalse();
        ledger.discardedAfterStop("run-2", 5); // ticks 5000 and 6000 were sampled before the stop was known
        ledger.discardedAfterStop("run-2", 5);
        ledger.sent("run-2", 20);
        RunAccount r = ledger.report("run-2");
        assertThat(r.sampledRows()).isEqualTo(20);
        assertThat(r.lastTickMs()).isEqualTo(4000);
        assertThat(r.stopAtMs()).isEqualTo(4500);
        assertThat(r.drained()).isTrue();
        ledger.close();
    }

    @Test
    void aStopLearntInTheMiddleOfATickBeforeItIsNotADrain() {
        RunAccounts ledger = new RunAccounts(TestSupport.properties(root));
        ledger.tickStarted("run-3", 1000);
        ledger.sampled("run-3", 1000, 1000, 5);
        ledger.tickDone("run-3");
        ledger.sent("run-3", 5);
        ledger.tickStarted("run-3", 2000); // being read when the answer with the stop arrives
        ledger.stop("run-3", 2300);
        assertThat(ledger.report("run-3").outstandingRows()).isZero();
        assertThat(ledger.report("run-3").drained())
                .as("tick 2000 belongs to the run and is not counted yet")
                .isFalse();
        ledger.sampled("run-3", 2000, 1000, 5);
        ledger.tickDone("run-3");
        assertThat(ledger.report("run-3").drained()).isFalse();
        ledger.sent("run-3", 5);
        assertThat(ledger.report("run-3").drained()).isTrue();

        ledger.tickStarted("run-3", 3000); // after the stop: discarded when it is queued, no reason to wait
        assertThat(ledger.report("run-3").drained()).isTrue();
        ledger.close();
    }

    @Test
    void onlyTheLatestFewRunsAreKept() throws Exception {
        RunAccounts ledger = new RunAccounts(TestSupport.properties(root));
        for (int run = 1; run <= RunAccounts.KEEP + 2; run++) {
            ledger.sampled("run-" + run, run * 1000L, 1000, 1);
        }
        assertThat(ledger.reports())
                .hasSize(RunAccounts.KEEP)
                .noneMatch(r -> r.runId().equals("run-1"));
        try (var files = Files.list(root.resolve("spool/ledger"))) {
            assertThat(files.count()).isEqualTo(RunAccounts.KEEP);
        }
        ledger.close();
    }
}
