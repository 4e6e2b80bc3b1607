package io.kubemon.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One agent as {@code GET /instances} shows it. {@code droppedRows} and {@code notices} are the
 * agent's own report from its last heartbeat; {@code inventory} what it said of its node when it registered;
 * {@code collector}, in a collector group's listing, the member it is registered with (null otherwise).
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
        NodeInventory inventory,
        @JsonInclude(JsonInclude.Include.NON_NULL) String collector) {

    /** The same agent, listed as registered with the group's member {@code url}. */
    public Instance withCollector(String url) {
        return new Instance(
                agentId,
                nodeName,
                address,
                monitors,
                state,
                registeredAt,
                lastSeen,
                batches,
                rows,
                droppedRows,
                notices,
                inventory,
                url);
    }
}
