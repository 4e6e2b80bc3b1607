package io.kubemon.common.wire;

import java.util.List;

/**
 * What an agent POSTs to {@code /api/v1/batches}. {@code seq} numbers the agent's batches within
 * one run, from 1, so the collector can tell a resend from new data.
 */
public record Batch(String agentId, String runId, long seq, List<Sample> samples) {}
