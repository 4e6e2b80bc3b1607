package io.kubemon.common.schema;

import static io.kubemon.common.schema.Column.counter;
import static io.kubemon.common.schema.Column.gauge;
import static io.kubemon.common.schema.Column.label;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The host's tables (monitor {@code os}): os, os_disk, os_net, os_cpu, and the /proc field lists
 * their columns are made from, which the agent's readers use too.
 */
public final class OsTables {
    /**
     * The os table's memory columns and the /proc/meminfo field each one is (bytes; the kernel
     * writes kB): the one list the column table and the agent's reader both use.
     */
    public static final Map<String, String> MEMINFO = orderedMap(
            Map.entry("memory_total_bytes", "MemTotal"),
            Map.entry("memory_free_bytes", "MemFree"),
            Map.entry("memory_available_bytes", "MemAvailable"),
            Map.entry("memory_buffers_bytes", "Buffers"),
            Map.entry("memory_cached_bytes", "Cached"),
            Map.entry("memory_shmem_bytes", "Shmem"),
            Map.entry("memory_active_bytes", "Active"),
            Map.entry("memory_inactive_bytes", "Inactive"),
            Map.entry("memory_anon_bytes", "AnonPages"),
            Map.entry("memory_mapped_bytes", "Mapped"),
            Map.entry("memory_dirty_bytes", "Dirty"),
            Map.entry("memory_writeback_bytes", "Writeback"),
            Map.entry("memory_slab_reclaimable_bytes", "SReclaimable"),
            Map.entry("memory_slab_unreclaimable_bytes", "SUnreclaim"),
            Map.entry("memory_committed_as_bytes", "Committed_AS"),
            Map.entry("swap_total_bytes", "SwapTotal"),
            Map.entry("swap_free_bytes", "SwapFree"),
            Map.entry("swap_cached_bytes", "SwapCached"));

    @SafeVarargs
    private static Map<String, String> orderedMap(Map.Entry<String, String>... entries) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : entries) {
            m.put(e.getKey(), e.getValue());
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    // Declared before the tables: static initialisers run in textual order.
    public static final List<String> CPU_MODES =
            List.of("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal", "guest", "guest_nice");

    /**
     * The modes whose times add up to busy CPU: all but idle, and without guest and guest_nice,
     * which the kernel already counts inside user and nice. The report and the live page sum these.
     */
    public static final List<String> BUSY_CPU_MODES = CPU_MODES.stream()
            .filter(m -> !m.equals("idle") && !m.startsWith("guest"))
            .toList();

    public static final List<String> PSI_RESOURCES = List.of("cpu", "memory", "io");
    public static final List<String> PSI_KINDS = List.of("some", "full");
    public static final List<String> PSI_WINDOWS = List.of("avg10", "avg60", "avg300");

    public static final Table OS = new Table(
            "os",
            Schemas.MONITOR_OS,
            "",
            1,
            "Host-wide CPU, load, memory, swap, /proc/vmstat and pressure stall information; one row per node per interval.",
            osColumns());

    public static final Table OS_DISK = new Table(
            "os_disk",
            Schemas.MONITOR_OS,
            ".disk",
            1,
            "Every whole block device of /proc/diskstats that /sys/block lists (partitions are folded into their disk; ram and loop devices are excluded by default); one row per device per interval.",
            List.of(
                    label("device", "Kernel name of the block device, e.g. vda, nvme0n1, dm-0"),
                    counter("reads_completed", "", "Reads completed"),
                    counter("reads_merged", "", "Adjacent reads merged by the I/O scheduler"),
                    counter("read_bytes", "bytes", "Bytes read (sectors x 512)"),
                    counter("read_time_seconds", "seconds", "Time spent by all reads"),
                    counter("writes_completed", "", "Writes completed"),
                    counter("writes_merged", "", "Adjacent writes merged by the I/O scheduler"),
                    counter("written_bytes", "bytes", "Bytes written (sectors x 512)"),
                    counter("write_time_seconds", "seconds", "Time spent by all writes"),
                    gauge("io_in_progress", "", "I/Os in flight at the sample time"),
                    counter(
                            "io_time_seconds",
                            "seconds",
                            "Time the device had I/O in flight (utilisation = this / interval)"),
                    counter(
                            "io_weighted_time_seconds",
                            "seconds",
                            "In-flight time weighted by the number of I/Os in flight (queue length = this / interval)"),
                    counter("discards_completed", "", "Discards completed (kernel 4.18+)"),
                    counter("discarded_bytes", "bytes", "Bytes discarded (kernel 4.18+)"),
                    counter("discard_time_seconds", "seconds", "Time spent by all discards (kernel 4.18+)"),
                    counter("flushes_completed", "", "Flush requests completed (kernel 5.5+)"),
                    counter("flush_time_seconds", "seconds", "Time spent by all flushes (kernel 5.5+)")));

    public static final Table OS_NET = new Table(
            "os_net",
            Schemas.MONITOR_OS,
            ".net",
            1,
            "Every network interface of the host's network namespace (read from <proc-root>/1/net/dev, so it stays the host's even inside a pod); one row per interface per interval.",
            netColumns());

    /**
     * Every CPU of the host: a researcher who pins workloads to cores sees the cores. The modes of
     * one CPU add up to the interval (guest modes aside, as in the os table).
     */
    public static final Table OS_CPU = new Table(
            "os_cpu",
            Schemas.MONITOR_OS,
            ".cpu",
            1,
            "Every online CPU of the host: its line of /proc/stat (time per mode, adding up to the interval) and its "
                    + "current frequency where cpufreq exposes it; one row per CPU per interval.",
            cpuColumns());

    private OsTables() {}

    private static List<Column> cpuColumns() {
        List<Column> c = new ArrayList<>();
        c.add(label("cpu", "The CPU's number, as in /proc/stat's cpuN line and taskset"));
        for (String mode : CPU_MODES) {
            String help = switch (mode) {
                case "guest" -> "This CPU's time running guests (already included in cpu_user_seconds)";
                case "guest_nice" -> "This CPU's time running niced guests (already included in cpu_nice_seconds)";
                default -> "This CPU's time in " + mode + " mode";
            };
            c.add(counter("cpu_" + mode + "_seconds", "seconds", help));
        }
        c.add(gauge(
                "frequency_hz",
                "hertz",
                "The CPU's current frequency (cpufreq scaling_cur_freq); empty where the machine exposes none"));
        return c;
    }

    private static List<Column> osColumns() {
        List<Column> c = new ArrayList<>();
        for (String mode : CPU_MODES) {
            String help = switch (mode) {
                case "guest" ->
                    "CPU time running guests (already included in cpu_user_seconds; leave out when summing modes)";
                case "guest_nice" ->
                    "CPU time running niced guests (already included in cpu_nice_seconds; leave out when summing modes)";
                default -> "CPU time in " + mode + " mode, summed over all CPUs";
            };
            c.add(counter("cpu_" + mode + "_seconds", "seconds", help));
        }
        c.add(gauge(
                "cpu_count",
                "",
                "Online CPUs listed in /proc/stat; the non-guest modes add up to cpu_count x interval"));
        c.add(counter("context_switches", "", "Context switches (ctxt)"));
        c.add(counter("interrupts", "", "Interrupts serviced (intr total)"));
        c.add(counter("forks", "", "Processes and threads created (processes)"));
        c.add(gauge("procs_running", "", "Runnable tasks"));
        c.add(gauge("procs_blocked", "", "Tasks blocked on I/O"));
        c.add(gauge("load1", "", "Load average over 1 minute").real());
        c.add(gauge("load5", "", "Load average over 5 minutes").real());
        c.add(gauge("load15", "", "Load average over 15 minutes").real());
        MEMINFO.forEach((column, field) -> memory(c, column, field));
        c.add(counter("vmstat_pgfault", "", "Page faults, minor and major (pgfault)"));
        c.add(counter("vmstat_pgmajfault", "", "Major page faults, which needed I/O (pgmajfault)"));
        c.add(counter("vmstat_pgpgin", "", "KiB paged in from block devices (pgpgin)"));
        c.add(counter("vmstat_pgpgout", "", "KiB paged out to block devices (pgpgout)"));
        c.add(counter("vmstat_pswpin", "", "Pages swapped in (pswpin)"));
        c.add(counter("vmstat_pswpout", "", "Pages swapped out (pswpout)"));
        c.add(counter("vmstat_pgalloc", "", "Pages allocated, all zones (sum of pgalloc_*)"));
        c.add(counter("vmstat_pgfree", "", "Pages freed (pgfree)"));
        c.add(
                counter(
                        "vmstat_pgscan_kswapd",
                        "",
                        "Pages scanned by kswapd for reclaim (pgscan_kswapd, or the sum of its per-zone counters on old kernels)"));
        c.add(counter(
                "vmstat_pgscan_direct", "", "Pages scanned by direct reclaim in allocating tasks (pgscan_direct)"));
        c.add(counter("vmstat_pgscan", "", "Pages scanned for reclaim: kswapd + direct + khugepaged + proactive"));
        c.add(counter("vmstat_pgsteal_kswapd", "", "Pages reclaimed by kswapd (pgsteal_kswapd)"));
        c.add(counter("vmstat_pgsteal_direct", "", "Pages reclaimed by direct reclaim (pgsteal_direct)"));
        c.add(counter("vmstat_pgsteal", "", "Pages reclaimed: kswapd + direct + khugepaged + proactive"));
        c.add(counter("vmstat_allocstall", "", "Allocations that stalled in direct reclaim (sum of allocstall_*)"));
        c.add(counter(
                "vmstat_workingset_refault",
                "",
                "Evicted pages faulted back in: the thrashing signal (workingset_refault, or _anon + _file)"));
        c.add(counter(
                "vmstat_workingset_activate",
                "",
                "Refaulted pages immediately activated (workingset_activate, or _anon + _file)"));
        c.add(counter("vmstat_oom_kill", "", "Processes killed by the OOM killer (oom_kill)"));
        for (String resource : PSI_RESOURCES) {
            for (String kind : PSI_KINDS) {
                for (String window : PSI_WINDOWS) {
                    c.add(gauge(
                            "psi_" + resource + "_" + kind + "_" + window + "_ratio",
                            "ratio",
                            "Share of time " + (kind.equals("some") ? "some tasks" : "all non-idle tasks")
                                    + " stalled on " + resource + ", kernel's " + window
                                    + " average (0..1); empty without /proc/pressure"));
                }
                c.add(counter(
                        "psi_" + resource + "_" + kind + "_seconds",
                        "seconds",
                        "Time " + (kind.equals("some") ? "some tasks" : "all non-idle tasks") + " stalled on "
                                + resource + " (from total); empty without /proc/pressure"));
            }
        }
        return c;
    }

    private static void memory(List<Column> c, String name, String field) {
        c.add(gauge(name, "bytes", field + " of /proc/meminfo"));
    }

    private static List<Column> netColumns() {
        List<Column> c = new ArrayList<>();
        c.add(label("interface", "Interface name"));
        for (String dir : List.of("receive", "transmit")) {
            c.add(counter(dir + "_bytes", "bytes", "Bytes " + (dir.equals("receive") ? "received" : "transmitted")));
            c.add(counter(dir + "_packets", "", "Packets"));
            c.add(counter(dir + "_errors", "", "Errors"));
            c.add(counter(dir + "_drops", "", "Packets dropped"));
            c.add(counter(dir + "_fifo", "", "FIFO buffer errors"));
            if (dir.equals("receive")) {
                c.add(counter("receive_frame", "", "Framing errors"));
                c.add(counter("receive_compressed", "", "Compressed packets"));
                c.add(counter("receive_multicast", "", "Multicast frames"));
            } else {
                c.add(counter("transmit_colls", "", "Collisions"));
                c.add(counter("transmit_carrier", "", "Carrier losses"));
                c.add(counter("transmit_compressed", "", "Compressed packets"));
            }
        }
        return c;
    }
}
