package io.kubemon.collector.run;

import io.kubemon.common.wire.AgentAccount;
import io.kubemon.common.wire.DrainState;
import io.kubemon.common.wire.Event;
import io.kubemon.common.wire.EventKind;
import io.kubemon.common.wire.RunState;
import io.kubemon.common.wire.RunStatus;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of a run's state machine, stopping to finished: the run's last event, its files
 * closed, every agent's account counted once more, run.json final, the active-run marker removed.
 * {@link RunManager} decides when (drained, or past the deadline) and holds its lock throughout.
 */
final class RunFinisher {
    private static final Logger log = LoggerFactory.getLogger(RunManager.class);

    private final Clock clock;
    private final RunRecordFiles records;
    private final AgentAccounts accounting;
    private final FinishedRun finished;
    private final RunEvents events;

    RunFinisher(Clock clock, RunRecordFiles records, AgentAccounts accounting, FinishedRun finished, RunEvents events) {
        this.clock = clock;
        this.records = records;
        this.accounting = accounting;
        this.finished = finished;
        this.events = events;
    }

    /**
     * Finishes the stopping run {@code a}.
     *
     * @param drained      every agent delivered what it sampled
     * @param storeFailing the run's files did not take writes at the deadline
     * @param release      lets the active run go; called once its summary is in place
     */
    void finish(ActiveRun a, boolean drained, boolean storeFailing, Runnable release) {
        events.write(
                a.writer(),
                Event.of(
                        clock.millis(),
                        EventKind.RUN_FINISHED,
                        drained
                                ? "every agent delivered"
                                : storeFailing ? "the data volume was still failing" : "at the drain timeout",
                        RunManager.SOURCE));
        // Closed first: a batch arriving from here on is refused (run_stopped) or, when it is a
        // resend of one in the files, acknowledged as a duplicate.
        IOException closeFailure = null;
        try {
            a.writer().close();
        } catch (IOException e) {
            closeFailure = e;
        }
        // Counted again once the files are closed: a batch committed meanwhile is in the totals.
        Accounts.Ending ending =
                drained ? Accounts.Ending.NONE : storeFailing ? Accounts.Ending.STORE_FAILED : Accounts.Ending.TIMEOUT;
        List<AgentAccount> accounts = accounting.accounts(a, ending);
        accounts.stream()
                .filter(x -> x.drain().cutShort())
                .forEach(x -> log.warn(
                        "run {}: agent {} ({}) had not delivered everything by the {} timeout: {} row(s) outstanding at its last report",
                        a.run().runId(),
                        x.nodeName(),
                        x.agentId(),
                        x.drain() == DrainState.TIMEOUT ? "drain" : "store-recovery",
                        x.outstandingRows()));
        RunStatus summary = accounting.summarise(a, RunState.FINISHED, clock.instant(), null, accounts);
        // run.json is complete, and the summary in place, before the active run goes: whoever sees
        // the run finished (GET /status, POST /stop?wait=true) finds its run.json final, and never
        // sees neither run (it answered "idle" in between). A finish the volume refused is
        // completed once it takes writes again; the active-run marker stays until then, so a
        // restart meanwhile resumes and finishes it.
        boolean whole = finished.finished(a.run(), a.writer(), summary, closeFailure);
        release.run();
        if (!whole) {
            return;
        }
        records.deleteMarker();
        log.info(
                "run {} finished{}: {} rows in {}; {} row(s) missing",
                summary.runId(),
                drained
                        ? ""
                        : ending == Accounts.Ending.STORE_FAILED
                                ? " with its data volume failing"
                                : " at the drain timeout",
                summary.rows(),
                a.run().path(),
                summary.missingRows());
    }
}
