package io.kubemon.agent.procfs;

/**
 * The parsed aggregate of /proc/stat.
 *
 * @param modeTicks the aggregate "cpu" line in USER_HZ ticks, in the order of
 *                  {@link io.kubemon.common.schema.OsTables#CPU_MODES}; -1 where the kernel has no such field
 */
public record CpuStat(
        long[] modeTicks,
        int cpuCount,
        long contextSwitches,
        long interrupts,
        long forks,
        long procsRunning,
        long procsBlocked) {}
