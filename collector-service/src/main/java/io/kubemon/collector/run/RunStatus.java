package io.kubemon.collector.run;

import io.kubemon.common.wire.AgentAccount;
import io.kubemon.common.wire.MonitorTotals;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /status}: the active run (collecting or stopping), or the last one with
 * collecting=false and state {@code finished}; state {@code idle} before any run. Fields as in
 * {@link RunSummary}. In a collector group, {@code collectors} lists each member's part (null for a
 * collector on its own, or asked with {@code ?scope=local}), and the other fields sum the group.
 */
public record RunStatus(
        boolean collecting,
        io.kubemon.common.wire.RunState state,
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
        List<GroupRuns.Member> collectors,

        /** The data volume: ok, or failing since when and why; its free space. */
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        StoreReport store) {

    static RunStatus of(RunSummary s) {
        return new RunStatus(
                s.state() == io.kubemon.common.wire.RunState.COLLECTING,
                s.state(),
                s.runId(),
                s.outputDir(),
                s.path(),
                s.intervalMs(),
                s.startedAt(),
                s.stoppedAt(),
                s.stopAt(),
                s.finishedAt(),
                s.drainDeadline(),
                s.rows(),
                s.batches(),
                s.droppedRows(),
                s.missingRows(),
                s.complete(),
                s.monitors(),
                s.agents(),
                null,
                null);
    }

    static RunStatus idle() {
        return new RunStatus(
                false,
                io.kubemon.common.wire.RunState.IDLE,
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

    RunStatus withCollectors(List<GroupRuns.Member> members) {
        return with(members, store);
    }

    RunStatus withStore(StoreReport report) {
        return with(collectors, report);
    }

    private RunStatus with(List<GroupRuns.Member> members, StoreReport report) {
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
