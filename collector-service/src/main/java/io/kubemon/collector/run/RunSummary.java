package io.kubemon.collector.run;

import io.kubemon.common.wire.AgentAccount;
import io.kubemon.common.wire.DesiredState;
import io.kubemon.common.wire.MonitorTotals;
import io.kubemon.common.wire.RunState;
import io.kubemon.common.wire.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /status} and {@code POST /stop} answer and {@code run.json} keeps: rows and
 * files per monitor, and per agent what it sampled, delivered and dropped (so a gap in the data is
 * never silent).
 *
 * @param state       {@code collecting}, {@code stopping} (sampling has ended at {@code stopAt}; agents are
 *                    delivering what they sampled up to it) or {@code finished}
 * @param stoppedAt   when the stop was asked for
 * @param stopAt      the stop instant: no tick after it belongs to the run
 * @param finishedAt  when the run's files were closed (every agent delivered, or the drain timed out)
 * @param drainDeadline while stopping, when the run finishes even if agents are still delivering
 * @param droppedRows rows agents dropped (spool full, refused, lost in a restart, undelivered at the drain timeout)
 * @param missingRows rows sampled and not in the files, over agents whose account is known
 * @param complete    every agent's account is known and nothing it sampled is missing
 */
public record RunSummary(
        String runId,
        String outputDir,
        String path,
        long intervalMs,
        RunState state,
        Instant startedAt,
        Instant stoppedAt,
        Instant stopAt,
        Instant finishedAt,
        Instant drainDeadline,
        long rows,
        long batches,
        long droppedRows,
        long missingRows,
        boolean complete,
        Map<String, MonitorTotals> monitors,
        List<AgentAccount> agents) {

    /** The same run with the files' figures as the journal has them now. */
    RunSummary withFiles(long rows, long batches, Map<String, MonitorTotals> monitors) {
        return new RunSummary(
                runId,
                outputDir,
                path,
                intervalMs,
                state,
                startedAt,
                stoppedAt,
                stopAt,
                finishedAt,
                drainDeadline,
                rows,
                batches,
                droppedRows,
                missingRows,
                complete,
                monitors,
                agents);
    }

    /** The same run with these accounts and the totals they make. */
    RunSummary withAccounts(long droppedRows, long missingRows, boolean complete, List<AgentAccount> agents) {
        return new RunSummary(
                runId,
                outputDir,
                path,
                intervalMs,
                state,
                startedAt,
                stoppedAt,
                stopAt,
                finishedAt,
                drainDeadline,
                rows,
                batches,
                droppedRows,
                missingRows,
                complete,
                monitors,
                List.copyOf(agents));
    }

    /** As {@code /status} shows it (without the group's members and the data volume). */
    RunStatus toStatus() {
        return new RunStatus(
                state == RunState.COLLECTING,
                state,
                runId,
                outputDir,
                path,
                intervalMs,
                startedAt,
                stoppedAt,
                stopAt,
                finishedAt,
                drainDeadline,
                rows,
                batches,
                droppedRows,
                missingRows,
                complete,
                monitors,
                agents,
                null,
                null);
    }

    /** What agents are told once the run has finished: sample nothing after its stop instant. */
    DesiredState desiredState() {
        return new DesiredState(false, runId, outputDir, intervalMs, stopAt.toEpochMilli());
    }
}
