package io.kubemon.common.wire;

import java.util.List;

/**
 * What an agent reports with each heartbeat, so that the collector's /instances shows it:
 * conditions a person should know about (no Docker socket) and rows it had to drop. Every field
 * is optional (boxed), so an older or simpler agent may leave any out. {@code runDroppedRows} are the
 * rows of run {@code runId} the agent had to drop; the run summary adds them up over agents.
 */
public record Heartbeat(List<String> notices, Long droppedRows, Long queuedBatches, String runId, Long runDroppedRows) {
}
