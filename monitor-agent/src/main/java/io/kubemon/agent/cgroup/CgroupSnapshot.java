package io.kubemon.agent.cgroup;

import java.util.Map;

/**
 * One reading of a group. Counters are raw readings normalised to one unit per kind
 * (nanoseconds for times, bytes, counts) so v1 and v2 feed the same columns.
 */
public record CgroupSnapshot(Map<String, Long> counters, Map<String, Object> gauges) {}
