package io.kubemon.collector.agents;

import java.time.Instant;
import java.util.List;

/** One agent as {@code GET /instances} shows it. */
public record Instance(String agentId, String nodeName, String address, List<String> monitors, AgentState state,
                       Instant registeredAt, Instant lastSeen, long batches, long rows) {
}
