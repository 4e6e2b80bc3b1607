package io.kubemon.common.wire;

/**
 * The collector's acknowledgement of a batch: its rows are on disk. {@code duplicate} means the
 * batch had been written before (a resend after a lost acknowledgement) and was not written again.
 * {@code stopAtMs} is set when the batch's run is stopping: the agent learns the stop instant
 * with its next batch rather than its next heartbeat.
 */
public record BatchAck(String agentId, long seq, int rows, boolean duplicate, Long stopAtMs) {

    public BatchAck(String agentId, long seq, int rows, boolean duplicate) {
        this(agentId, seq, rows, duplicate, null);
    }
}
