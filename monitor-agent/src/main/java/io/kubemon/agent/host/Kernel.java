package io.kubemon.agent.host;

/** Units of the kernel's own files, in one place for every source that converts them. */
public final class Kernel {
    /**
     * USER_HZ: ticks per second of /proc/stat, /proc/[pid]/stat and cgroup v1's cpuacct.stat.
     * Fixed at 100 by the user-space ABI on every Linux architecture, whatever the kernel's HZ.
     */
    public static final long USER_HZ = 100;
    /** Nanoseconds per USER_HZ tick. */
    public static final long TICK_NANOS = 1_000_000_000L / USER_HZ;
    /** Bytes per sector of /proc/diskstats and /sys/block/[dev]/stat: always 512, whatever the device's own. */
    public static final long SECTOR_BYTES = 512;

    private Kernel() {}
}
