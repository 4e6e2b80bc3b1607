package io.kubemon.common.wire;

import java.util.List;

/** What an agent sends to {@code POST /api/v1/agents}; {@code inventory} is optional. */
public record Registration(String nodeName, String address, List<String> monitors, NodeInventory inventory) {

    public Registration(String nodeName, String address, List<String> monitors) {
        this(nodeName, address, monitors, null);
    }
}
