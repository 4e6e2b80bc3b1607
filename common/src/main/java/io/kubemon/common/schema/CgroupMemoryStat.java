package io.kubemon.common.schema;

/**
 * The container table's columns read from a cgroup's {@code memory.stat}, and the field each one
 * is on cgroup v1 (hierarchical {@code total_*}) and on v2: the one table the column declarations
 * (their help text) and the agent's cgroup reader both use.
 */
public enum CgroupMemoryStat {
    RSS("memory_rss_bytes", "Anonymous memory", "total_rss", "anon", true),
    CACHE("memory_cache_bytes", "Page cache", "total_cache", "file", true),
    SHMEM("memory_shmem_bytes", "Shared memory and tmpfs", "total_shmem", "shmem", true),
    MAPPED_FILE("memory_mapped_file_bytes", "Mapped files", "total_mapped_file", "file_mapped", true),
    /** On v2 swap is a file of its own, memory.swap.current, not a field of memory.stat. */
    SWAP("memory_swap_bytes", "Swap used", "total_swap", null, true),
    PGFAULT("memory_pgfault", "Page faults", "total_pgfault", "pgfault", false),
    PGMAJFAULT("memory_pgmajfault", "Major page faults", "total_pgmajfault", "pgmajfault", false);

    private final String column;
    private final String what;
    private final String v1;
    private final String v2;
    private final boolean gauge;

    CgroupMemoryStat(String column, String what, String v1, String v2, boolean gauge) {
        this.column = column;
        this.what = what;
        this.v1 = v1;
        this.v2 = v2;
        this.gauge = gauge;
    }

    public String column() {
        return column;
    }

    /** Its field in v1's memory.stat. */
    public String v1() {
        return v1;
    }

    /** Its field in v2's memory.stat, or null where v2 keeps it elsewhere. */
    public String v2() {
        return v2;
    }

    /** Whether its column is a gauge (bytes now), not a counter. */
    public boolean gauge() {
        return gauge;
    }

    /** The column it fills: a gauge in bytes, or a counter. */
    Column declaration() {
        String help = what + " (v1 " + v1 + ", v2 " + (v2 == null ? "memory.swap.current" : v2) + ")";
        return gauge ? Column.gauge(column, "bytes", help) : Column.counter(column, "", help);
    }
}
