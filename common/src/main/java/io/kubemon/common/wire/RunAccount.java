package io.kubemon.common.wire;

/**
 * One agent's account of one run, kept on the agent's disk so that it survives the agent's
 * restarts. Every row the agent sampled for the run (ticks up to the stop instant) is sent,
 * dropped for a named reason, or still outstanding:
 * {@code sampledRows = sentRows + droppedSpoolFull + droppedRefused + droppedAgentRestart + outstandingRows}.
 *
 * @param sampledRows         rows sampled for the run (ticks after its stop instant are not counted)
 * @param sentRows            rows the collector acknowledged
 * @param outstandingRows     rows sampled and neither acknowledged nor dropped: still to be delivered
 * @param droppedSpoolFull    rows dropped because the spool was over its limit (or its disk failed)
 * @param droppedRefused      rows the collector refused for good (the run had finished, an invalid batch)
 * @param droppedAgentRestart rows lost when the agent was killed before it could spool them
 * @param firstTickMs         the run's first tick this agent sampled, epoch ms; null before any
 * @param lastTickMs          its last tick up to the stop
 * @param missedTicks         grid instants skipped because the host stalled a whole interval
 * @param stopAtMs            the stop instant the agent knows of; null while the run goes on for it
 * @param sampling            a tick of the run at or before its stop is being read: its rows are not
 *                            counted yet, so the agent cannot have delivered everything (null from
 *                            agents that predate the field; the wire keeps old agents readable)
 * @param malformedFields     fields of the run's ticks that were present in their files but unreadable:
 *                            each is an empty cell (null from agents that predate the field)
 */
public record RunAccount(
        String runId,
        long sampledRows,
        long sentRows,
        long outstandingRows,
        long droppedSpoolFull,
        long droppedRefused,
        long droppedAgentRestart,
        Long firstTickMs,
        Long lastTickMs,
        long missedTicks,
        Long stopAtMs,
        Boolean sampling,
        Long malformedFields) {

    /**
     * Everything sampled up to a known stop is delivered or accounted for. Not while a tick before
     * the stop is still being read: the stop can be learnt in the middle of one, and its rows,
     * counted a moment later, would reach a run the collector had finished.
     */
    public boolean drained() {
        return stopAtMs != null && outstandingRows == 0 && !Boolean.TRUE.equals(sampling);
    }

    public long droppedRows() {
        return droppedSpoolFull + droppedRefused + droppedAgentRestart;
    }
}
