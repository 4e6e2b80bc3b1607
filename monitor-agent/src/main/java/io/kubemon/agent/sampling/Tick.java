package io.kubemon.agent.sampling;

/**
 * One sampling instant.
 *
 * @param timestamp the wall-clock grid time this tick belongs to (epoch ms), written as the row's timestamp
 * @param nanos     monotonic time taken just before the sources are read; intervals are measured on it
 *                  so that a wall-clock step (NTP) never makes a negative or inflated interval
 * @param node      the node name rows carry
 */
public record Tick(long timestamp, long nanos, String node) {}
