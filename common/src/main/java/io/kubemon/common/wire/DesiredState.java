package io.kubemon.common.wire;

/**
 * The collector's answer to a heartbeat: what the agent should be doing now. Agents learn of
 * start and stop only through this, so a collector never needs to reach an agent.
 *
 * <p>When {@code collecting} is false but {@code runId} and {@code stopAtMs} are set, run
 * {@code runId} was stopped at {@code stopAtMs} (epoch ms): the agent samples no tick after that
 * instant, discards any it made after it, and delivers the rest (the run is draining, or already
 * finished and refuses what comes late).
 */
public record DesiredState(boolean collecting, String runId, String outputDir, long intervalMs, Long stopAtMs) {

    public DesiredState(boolean collecting, String runId, String outputDir, long intervalMs) {
        this(collecting, runId, outputDir, intervalMs, null);
    }

    public static DesiredState idle() {
        return new DesiredState(false, null, null, 0, null);
    }
}
