package io.kubemon.collector.agents;

import io.kubemon.common.wire.NodeInventory;
import java.time.Instant;
import java.util.List;

/**
 * One agent as {@code GET /instances} shows it. {@code droppedRows} and {@code notices} are the
 * agent's own report from its last heartbeat; {@code inventory} what it said of its node when it registered.
 */
public record Instance(
        String agentId,
        String nodeName,
        String address,
        List<String> monitors,
        AgentState state,
        Instant registeredAt,
        Instant lastSeen,
        long batches,
        long rows,
        long droppedRows,
        List<String> notices,
        NodeInventory inventory) {}
