package io.kubemon.common.wire;

/** Every 4xx and 5xx body of the collector: a stable code for scripts and a message for people. */
public record ApiError(int status, String error, String message) {}
