package io.kubemon.common.wire;

/**
 * The collector's acknowledgement of a batch: its rows are on disk. {@code duplicate} means the
 * batch had been written before (a resend after a lost acknowledgement) and was not written again.
 */
public record BatchAck(String agentId, long seq, int rows, boolean duplicate) {
}
