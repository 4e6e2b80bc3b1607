package io.kubemon.common.wire;

/**
 * The collector's answer to a heartbeat: what the agent should be doing now. Agents learn of
 * start and stop only through this, so a collector never needs to reach an agent.
 */
public record DesiredState(boolean collecting, String runId, String outputDir, long intervalMs) {
    public static DesiredState idle() {
        return new DesiredState(false, null, null, 0);
    }
}
