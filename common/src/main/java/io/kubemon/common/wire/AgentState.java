package io.kubemon.common.wire;

/** An agent as the collector sees it in {@code GET /instances}. */
public enum AgentState {
    /** Heartbeat seen within the agent timeout. */
    CONNECTED,
    /** Registered but silent for longer than the agent timeout; kept so nobody vanishes unnoticed. */
    LOST
}
