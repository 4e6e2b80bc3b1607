package io.kubemon.common.wire;

/** The collector's acknowledgement of a batch: its rows are on disk. */
public record BatchAck(String agentId, long seq, int rows) {
}
