package io.kubemon.common.wire;

import java.util.List;

/**
 * What an agent reports with each heartbeat, so that the collector's /instances shows it:
 * conditions a person should know about (no Docker socket) and rows it had to drop. Every field
 * is optional (boxed), so an older or simpler agent may leave any out. {@code runDroppedRows} are the
 * rows of run {@code runId} the agent had to drop. {@code runs} is the agent's own account of each
 * run it still holds: what the collector needs to know when a stopping run has everything.
 */
public record Heartbeat(
        List<String> notices,
        Long droppedRows,
        Long queuedBatches,
        String runId,
        Long runDroppedRows,
        List<RunAccount> runs) {

    public Heartbeat(List<String> notices, Long droppedRows, Long queuedBatches, String runId, Long runDroppedRows) {
        this(notices, droppedRows, queuedBatches, runId, runDroppedRows, null);
    }
}
