package io.kubemon.common.wire;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /status} and {@code POST /stop}: the active run (collecting or stopping), or the last
 * one with collecting=false and state {@code finished}; state {@code idle} before any run. Rows
 * and files per monitor, and per agent what it sampled, delivered and dropped (so a gap in the
 * data is never silent). In a collector group, {@code collectors} lists each member's part (null
 * for a collector on its own, or asked with {@code ?scope=local}), and the other fields sum the
 * group. The collector's own summary of a run is this record too, without members and volume.
 *
 * @param stoppedAt     when the stop was asked for
 * @param stopAt        the stop instant: no tick after it belongs to the run
 * @param finishedAt    when the run's files were closed (every agent delivered, or the drain timed out)
 * @param drainDeadline while stopping, when the run finishes even if agents are still delivering
 * @param droppedRows   rows agents dropped (spool full, refused, lost in a restart, undelivered at the drain timeout)
 * @param missingRows   rows sampled and not in the files, over agents whose account is known
 * @param complete      every agent's account is known and nothing it sampled is missing
 */
public record RunStatus(
        boolean collecting,
        RunState state,
        String runId,
        String outputDir,
        String path,
        Long intervalMs,
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
        List<AgentAccount> agents,

        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        List<GroupMember> collectors,

        /** The data volume: ok, or failing since when and why; its free space. */
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        StoreReport store) {

    public RunStatus {
        monitors = monitors == null ? Map.of() : monitors;
        agents = agents == null ? List.of() : agents;
    }

    /** Before any run. */
    public static RunStatus idle() {
        return new RunStatus(
                false,
                RunState.IDLE,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                0,
                0,
                0,
                0,
                true,
                Map.of(),
                List.of(),
                null,
                null);
    }

    public RunStatus withCollectors(List<GroupMember> members) {
        return with(rows, batches, monitors, droppedRows, missingRows, complete, agents, members, store);
    }

    public RunStatus withStore(StoreReport report) {
        return with(rows, batches, monitors, droppedRows, missingRows, complete, agents, collectors, report);
    }

    /** The same run with the files' figures as they are now. */
    public RunStatus withFiles(long rows, long batches, Map<String, MonitorTotals> monitors) {
        return with(rows, batches, monitors, droppedRows, missingRows, complete, agents, collectors, store);
    }

    /** The same run with these accounts and the totals they make. */
    public RunStatus withAccounts(long droppedRows, long missingRows, boolean complete, List<AgentAccount> agents) {
        return with(rows, batches, monitors, droppedRows, missingRows, complete, agents, collectors, store);
    }

    /** The same run, its counts, accounts, members and volume as given. */
    private RunStatus with(
            long rows,
            long batches,
            Map<String, MonitorTotals> monitors,
            long droppedRows,
            long missingRows,
            boolean complete,
            List<AgentAccount> agents,
            List<GroupMember> collectors,
            StoreReport store) {
        return new RunStatus(
                collecting,
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
                collectors,
                store);
    }
}
