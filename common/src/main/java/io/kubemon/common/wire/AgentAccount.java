package io.kubemon.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One agent's part of a run, from its own account (rows sampled, dropped and why) and the
 * collector's (rows delivered into the files): whatever is missing is counted and named.
 *
 * @param drain         {@code collecting} while the run goes on; then {@code delivering} until the agent has
 *                      delivered or accounted for every row it sampled up to the stop ({@code delivered});
 *                      {@code timeout} when the drain timeout came first; {@code no_account} for a client that
 *                      keeps no run account (only its delivered rows are known); {@code store_failed} when the
 *                      data volume was still failing at the store-recovery timeout
 * @param sampledRows   rows the agent sampled for the run up to the stop; null when it sent no account
 * @param deliveredRows rows of this agent in the run's files
 * @param outstandingRows rows the agent still had to deliver at its last report
 * @param missingRows   sampled minus delivered: every row not in the files, whatever the reason; null when unknown
 * @param malformedFields fields of this agent's ticks that were present but unreadable, each an empty
 *                      cell in the files; null when the agent did not say (an older agent)
 * @param lastReportAt  when the collector last heard the agent's account
 * @param collector     in a run fetched from a collector group, the member that took the agent's rows (null otherwise)
 */
public record AgentAccount(
        String agentId,
        String nodeName,
        DrainState drain,
        Long sampledRows,
        long deliveredRows,
        long deliveredBatches,
        Long outstandingRows,
        Dropped droppedRows,
        Long missingRows,
        Instant firstTick,
        Instant lastTick,
        Long missedTicks,
        Long malformedFields,
        Instant lastReportAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String collector) {

    /**
     * Rows dropped, by reason. {@code drainTimeout}: outstanding when the drain timed out;
     * {@code storeFailed}: outstanding when the data volume was still failing at the store-recovery
     * timeout (the agent had them; the collector could not write them); {@code acknowledgedLost}:
     * acknowledged by the collector (the agent's sent rows) yet not in the files, never expected (a
     * defect of the store), but counted and named should it happen, not left silent (0 in runs
     * recorded before it was counted).
     */
    public record Dropped(
            long spoolFull,
            long refused,
            long agentRestart,
            long drainTimeout,
            long storeFailed,
            long acknowledgedLost) {
        public Dropped(long spoolFull, long refused, long agentRestart, long drainTimeout, long storeFailed) {
            this(spoolFull, refused, agentRestart, drainTimeout, storeFailed, 0);
        }

        public long total() {
            return spoolFull + refused + agentRestart + drainTimeout + storeFailed + acknowledgedLost;
        }
    }

    /** Nothing this agent sampled is missing from the files, and that is known. */
    public boolean complete() {
        return missingRows != null && missingRows == 0 && !drain.cutShort() && !drain.waiting();
    }

    /** The same account, taken by collector {@code url} of a group. */
    public AgentAccount withCollector(String url) {
        return new AgentAccount(
                agentId,
                nodeName,
                drain,
                sampledRows,
                deliveredRows,
                deliveredBatches,
                outstandingRows,
                droppedRows,
                missingRows,
                firstTick,
                lastTick,
                missedTicks,
                malformedFields,
                lastReportAt,
                url);
    }
}
