package io.kubemon.collector.agents;

public enum AgentState {
    /** Heartbeat seen within the agent timeout. */
    CONNECTED,
    /** Registered but silent for longer than the agent timeout; kept so nobody vanishes unnoticed. */
    LOST
}
