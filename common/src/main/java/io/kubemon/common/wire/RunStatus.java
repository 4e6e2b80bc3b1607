package io.kubemon.common.wire;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /status}: the active run (collecting or stopping), or the last one with
 * collecting=false and state {@code finished}; state {@code idle} before any run. Fields as in
 * the collector's run summary. In a collector group, {@code collectors} lists each member's part (null for a
 * collector on its own, or asked with {@code ?scope=local}), and the other fields sum the group.
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
        return with(members, store);
    }

    public RunStatus withStore(StoreReport report) {
        return with(collectors, report);
    }

    private RunStatus with(List<GroupMember> members, StoreReport report) {
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
                members,
                report);
    }
}
