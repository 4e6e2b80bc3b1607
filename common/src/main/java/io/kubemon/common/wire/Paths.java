package io.kubemon.common.wire;

/** HTTP paths of the collector, shared so that agent and collector cannot disagree. */
public final class Paths {
    public static final String REGISTER = "/api/v1/agents";
    public static final String HEARTBEAT = "/api/v1/agents/{agentId}/heartbeat";
    public static final String BATCHES = "/api/v1/batches";
    public static final String INSTANCES = "/instances";
    public static final String START = "/start";
    public static final String STOP = "/stop";
    public static final String STATUS = "/status";
    /** A mark in the active run: {@code {"label": "...", "at": "2026-12-02T10:00:00Z"}} ({@code at} optional). */
    public static final String MARKS = "/runs/current/marks";

    private Paths() {}
}
