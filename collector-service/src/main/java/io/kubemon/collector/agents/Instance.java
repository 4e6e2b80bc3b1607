package io.kubemon.collector.agents;

import java.time.Instant;
import java.util.List;

/**
 * One agent as {@code GET /instances} shows it. {@code droppedRows} and {@code notices} are the
 * agent's own report from its last heartbeat.
 */
public record Instance(String agentId, String nodeName, String address, List<String> monitors, AgentState state,
                       Instant registeredAt, Instant lastSeen, long batches, long rows, long droppedRows,
                       List<String> notices) {
}
