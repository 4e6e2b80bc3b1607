package io.kubemon.collector.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.common.wire.AgentAccount;
import io.kubemon.common.wire.DrainState;
import io.kubemon.common.wire.RunAccount;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The accounts' arithmetic, table-driven: every row sampled is delivered, dropped for a reason, or missing. */
class AccountsTest {
    private static final long STOP = 1_764_000_010_000L;

    /** An agent's report: sampled, sent, outstanding, spool-full, refused, restart; stopped at {@code stopAt}. */
    private static RunAccount report(
            long sampled, long sent, long outstanding, long spool, long refused, long restart, Long stopAt) {
        return new RunAccount("r", sampled, sent, outstanding, spool, refused, restart, 1L, 2L, 0, stopAt, false, 0L);
    }

    static Stream<Arguments> parts() {
        return Stream.of(
                // name, report, sends accounts, stop, delivered, ending → drain, missing, drainTimeout, storeFailed,
                // complete
                Arguments.of(
                        "collecting",
                        report(10, 8, 2, 0, 0, 0, null),
                        true,
                        null,
                        8,
                        Accounts.Ending.NONE,
                        DrainState.COLLECTING,
                        2L,
                        0L,
                        0L,
                        false),
                Arguments.of(
                        "delivered",
                        report(10, 10, 0, 0, 0, 0, STOP),
                        true,
                        STOP,
                        10,
                        Accounts.Ending.NONE,
                        DrainState.DELIVERED,
                        0L,
                        0L,
                        0L,
                        true),
                Arguments.of(
                        "delivered with drops",
                        report(10, 7, 0, 3, 0, 0, STOP),
                        true,
                        STOP,
                        7,
                        Accounts.Ending.NONE,
                        DrainState.DELIVERED,
                        3L,
                        0L,
                        0L,
                        false),
                Arguments.of(
                        "a client without accounts",
                        null,
                        false,
                        STOP,
                        5,
                        Accounts.Ending.TIMEOUT,
                        DrainState.NO_ACCOUNT,
                        null,
                        null,
                        null,
                        false),
                Arguments.of(
                        "still delivering",
                        report(10, 6, 4, 0, 0, 0, STOP),
                        true,
                        STOP,
                        6,
                        Accounts.Ending.NONE,
                        DrainState.DELIVERING,
                        4L,
                        0L,
                        0L,
                        false),
                Arguments.of(
                        "drain timeout",
                        report(10, 6, 4, 0, 0, 0, STOP),
                        true,
                        STOP,
                        6,
                        Accounts.Ending.TIMEOUT,
                        DrainState.TIMEOUT,
                        4L,
                        4L,
                        0L,
                        false),
                Arguments.of(
                        "store failed",
                        report(10, 6, 4, 0, 0, 0, STOP),
                        true,
                        STOP,
                        6,
                        Accounts.Ending.STORE_FAILED,
                        DrainState.STORE_FAILED,
                        4L,
                        0L,
                        4L,
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parts")
    void anAgentsPart(
            String name,
            RunAccount r,
            boolean sendsAccounts,
            Long stopAt,
            long delivered,
            Accounts.Ending ending,
            DrainState drain,
            Long missing,
            Long drainTimeout,
            Long storeFailed,
            boolean complete) {
        AgentAccount a = Accounts.account("a1", "n1", r, sendsAccounts, null, stopAt, delivered, 1, ending);
        assertThat(a.drain()).isEqualTo(drain);
        assertThat(a.missingRows()).isEqualTo(missing);
        if (drainTimeout == null) {
            assertThat(a.droppedRows()).isNull();
        } else {
            assertThat(a.droppedRows().drainTimeout()).isEqualTo(drainTimeout);
            assertThat(a.droppedRows().storeFailed()).isEqualTo(storeFailed);
        }
        assertThat(a.complete()).isEqualTo(complete);
    }

    static Stream<Arguments> lateParts() {
        return Stream.of(
                // the drain cut short by: → reason that takes the cost
                Arguments.of(Accounts.Ending.TIMEOUT, 4L, 0L), Arguments.of(Accounts.Ending.STORE_FAILED, 0L, 4L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lateParts")
    void anAccountHeardAfterTheFinishCountsWhatTheDrainsEndCost(
            Accounts.Ending ending, long drainTimeout, long storeFailed) {
        // At the end: 10 sampled = 5 delivered + 1 refused while the run was open + 4 outstanding.
        AgentAccount atEnd =
                Accounts.account("a1", "n1", report(10, 5, 4, 0, 1, 0, STOP), true, null, STOP, 5, 1, ending);
        // Later: its 4 outstanding rows were refused (the run had finished), so its refused count is 5.
        AgentAccount late = Accounts.late(atEnd, report(10, 5, 0, 0, 5, 0, STOP), "n1", null);
        assertThat(late.missingRows()).isEqualTo(5);
        assertThat(late.droppedRows().refused()).as("as known at the end").isEqualTo(1);
        assertThat(late.droppedRows().drainTimeout()).isEqualTo(drainTimeout);
        assertThat(late.droppedRows().storeFailed()).isEqualTo(storeFailed);
        assertThat(late.outstandingRows()).isZero();
    }

    @ParameterizedTest(name = "journal holds {0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {6, 8, 10})
    void aRecountFromTheJournalLowersWhatTheStoreFailedToWrite(long delivered) {
        AgentAccount atEnd = Accounts.account(
                "a1", "n1", report(10, 6, 4, 0, 0, 0, STOP), true, null, STOP, 6, 1, Accounts.Ending.STORE_FAILED);
        AgentAccount after = Accounts.recount(atEnd, delivered, 2);
        assertThat(after.deliveredRows()).isEqualTo(delivered);
        assertThat(after.missingRows()).isEqualTo(10 - delivered);
        assertThat(after.droppedRows().storeFailed()).isEqualTo(10 - delivered);
    }

    @org.junit.jupiter.api.Test
    void rowsAcknowledgedButNotInTheFilesAreMissingAndNamed() {
        // The agent was answered for all 10 rows; the files hold 9: a lost commit, never silent.
        AgentAccount a = Accounts.account(
                "a1", "n1", report(10, 10, 0, 0, 0, 0, STOP), true, null, STOP, 9, 1, Accounts.Ending.NONE);
        assertThat(a.drain()).isEqualTo(DrainState.DELIVERED);
        assertThat(a.missingRows()).isEqualTo(1);
        assertThat(a.droppedRows().acknowledgedLost()).isEqualTo(1);
        assertThat(a.complete()).isFalse();
        assertThat(io.kubemon.common.wire.GroupMerge.accountTotals(List.of(a)))
                .isEqualTo(new io.kubemon.common.wire.GroupMerge.AccountTotals(1, 1, false));
        // The journal, replayed, holds the row after all: nothing is lost any more.
        AgentAccount recounted = Accounts.recount(a, 10, 2);
        assertThat(recounted.droppedRows().acknowledgedLost()).isZero();
        assertThat(recounted.complete()).isTrue();
        // Late accounts say it too.
        AgentAccount late = Accounts.late(a, report(10, 10, 0, 0, 0, 0, STOP), "n1", null);
        assertThat(late.droppedRows().acknowledgedLost()).isEqualTo(1);
        assertThat(late.droppedRows().drainTimeout()).isZero();
    }

    @org.junit.jupiter.api.Test
    void totalsAreCompleteOnlyWhenEveryPartIs() {
        AgentAccount done = Accounts.account(
                "a1", "n1", report(10, 10, 0, 0, 0, 0, STOP), true, null, STOP, 10, 1, Accounts.Ending.NONE);
        AgentAccount short_ = Accounts.account(
                "a2", "n2", report(10, 6, 4, 2, 0, 0, STOP), true, null, STOP, 6, 1, Accounts.Ending.TIMEOUT);
        assertThat(io.kubemon.common.wire.GroupMerge.accountTotals(List.of(done)))
                .isEqualTo(new io.kubemon.common.wire.GroupMerge.AccountTotals(0, 0, true));
        assertThat(io.kubemon.common.wire.GroupMerge.accountTotals(List.of(done, short_)))
                .isEqualTo(new io.kubemon.common.wire.GroupMerge.AccountTotals(6, 4, false));
        assertThat(io.kubemon.common.wire.GroupMerge.accountTotals(List.of()))
                .isEqualTo(new io.kubemon.common.wire.GroupMerge.AccountTotals(0, 0, true));
    }
}
