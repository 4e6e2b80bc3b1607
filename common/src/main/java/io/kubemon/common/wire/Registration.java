package io.kubemon.common.wire;

import java.util.List;

/** What an agent sends to {@code POST /api/v1/agents}. */
public record Registration(String nodeName, String address, List<String> monitors) {
}
