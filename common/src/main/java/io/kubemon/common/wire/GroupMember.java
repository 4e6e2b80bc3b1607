package io.kubemon.common.wire;

/**
 * One member's part of a collector group's {@code /status}: its state, rows and agents, or why it
 * did not answer (its nodes' rows are then not in the group's figures).
 */
public record GroupMember(
        String url,
        boolean reachable,
        RunState state,
        String runId,
        long rows,
        int agents,
        String error,

        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        StoreReport store) {}
