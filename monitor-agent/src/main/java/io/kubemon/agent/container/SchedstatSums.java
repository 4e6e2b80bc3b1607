package io.kubemon.agent.container;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A container's scheduler times over an interval, summed from its processes' own increases: a
 * process that exits takes nothing back from the sum, one that appears brings what it ran since it
 * started (all of it within the interval), a pid whose counters went back (reused) counts afresh.
 * The cgroup-v1 answer to "how long did this container wait for a CPU". Pure: fed each tick's
 * readings, it gives the sums.
 */
final class SchedstatSums {
    /** Each container's processes' last readings (run ns, wait ns, timeslices), by pid. */
    private final Map<String, Map<Integer, long[]>> last = new HashMap<>();

    /**
     * The container's increases since its last tick, or null at its first (nothing to compare
     * with) or when none of its processes has a schedstat (a kernel without CONFIG_SCHED_INFO).
     */
    long[] tick(String container, Map<Integer, long[]> now) {
        Map<Integer, long[]> before = last.put(container, now);
        if (before == null || now.isEmpty()) {
            return null;
        }
        long[] sum = new long[3];
        for (Map.Entry<Integer, long[]> e : now.entrySet()) {
            long[] cur = e.getValue();
            long[] prev = before.get(e.getKey());
            for (int k = 0; k < 3; k++) {
                if (cur[k] < 0) {
                    continue;
                }
                long p = prev == null || prev[k] < 0 || prev[k] > cur[k] ? 0 : prev[k];
                sum[k] += cur[k] - p;
            }
        }
        return sum;
    }

    /** Forgets the containers not running any more. */
    void retainOnly(Set<String> containers) {
        last.keySet().retainAll(containers);
    }

    void clear() {
        last.clear();
    }

    /** For tests: the containers remembered. */
    List<String> remembered() {
        return List.copyOf(last.keySet());
    }
}
