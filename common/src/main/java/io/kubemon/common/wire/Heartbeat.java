package io.kubemon.common.wire;

import java.util.List;

/**
 * What an agent reports with each heartbeat, so that the collector's /instances shows it:
 * conditions a person should know about (no Docker socket) and rows it had to drop. Every field
 * is optional (boxed), so an older or simpler agent may leave any out.
 */
public record Heartbeat(List<String> notices, Long droppedRows, Long queuedBatches) {
}
