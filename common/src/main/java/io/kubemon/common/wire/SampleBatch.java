package io.kubemon.common.wire;

import java.util.List;

/**
 * A tick's samples as the agent keeps them, row by row, in its queue and spool. On the wire it goes
 * column-wise (the agent's {@code BatchJson}: per table its columns named once), which the
 * collector also takes row-wise as {@code samples}. {@code seq} numbers the agent's batches within
 * one run, from 1, so the collector can tell a resend from new data.
 */
public record SampleBatch(String agentId, String runId, long seq, List<Sample> samples) {}
