package io.kubemon.agent.transport;

import org.springframework.stereotype.Component;

/** The id the collector gave this agent; null until registered or after the collector forgot it. */
@Component
public class AgentIdentity {
    private volatile String agentId;

    public String agentId() {
        return agentId;
    }

    public void set(String agentId) {
        this.agentId = agentId;
    }

    /** The collector answered 404 for this id (it restarted): register again. */
    void invalidate() {
        this.agentId = null;
    }
}
