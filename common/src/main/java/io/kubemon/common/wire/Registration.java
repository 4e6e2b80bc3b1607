package io.kubemon.common.wire;

import java.util.List;

/**
 * What an agent sends to {@code POST /api/v1/agents}; {@code inventory} is optional.
 *
 * @param keepsRunAccounts the agent keeps an account of each run and sends it with its heartbeats
 *     (agents of this version: true). Said at registration because a collector that restarted
 *     hears it again from there first: a stop that comes between an agent's registration and its
 *     first heartbeat must wait for that agent's account, not take it for a client that keeps none.
 *     Null or false from a bare HTTP client.
 */
public record Registration(
        String nodeName, String address, List<String> monitors, NodeInventory inventory, Boolean keepsRunAccounts) {

    public Registration(String nodeName, String address, List<String> monitors) {
        this(nodeName, address, monitors, null, null);
    }
}
