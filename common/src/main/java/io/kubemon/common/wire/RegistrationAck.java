package io.kubemon.common.wire;

/**
 * The collector's answer to a registration: the identity the agent uses from then on, and, in a
 * collector group, the member that owns the agent's node ({@code owner}, a base URL). The agent
 * sends its heartbeats and batches there. A member that does not own the node registers nothing
 * and answers only the owner ({@code agentId} null): the agent registers there.
 */
public record RegistrationAck(String agentId, String owner) {

    public RegistrationAck(String agentId) {
        this(agentId, null);
    }
}
