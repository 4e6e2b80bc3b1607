package io.kubemon.common.schema;

import static io.kubemon.common.schema.Column.counter;
import static io.kubemon.common.schema.Column.gauge;
import static io.kubemon.common.schema.Column.label;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The declarative column tables: the single source of CSV headers, collector-side validation and
 * {@code docs/metrics.md}. Change a table here, bump its version, and regenerate the docs.
 */
public final class Schemas {
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

    public static final String MONITOR_OS = "os";

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
            MONITOR_OS,
            "",
            1,
            "Host-wide CPU, load, memory, swap, /proc/vmstat and pressure stall information; one row per node per interval.",
            osColumns());

    public static final Table OS_DISK = new Table(
            "os_disk",
            MONITOR_OS,
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
            MONITOR_OS,
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
            MONITOR_OS,
            ".cpu",
            1,
            "Every online CPU of the host: its line of /proc/stat (time per mode, adding up to the interval) and its "
                    + "current frequency where cpufreq exposes it; one row per CPU per interval.",
            cpuColumns());

    public static final String MONITOR_CONTAINER = "container";
    public static final String MONITOR_PROCESS = "process";

    public static final Table CONTAINER = new Table(
            "container",
            MONITOR_CONTAINER,
            "",
            3,
            "One row per running container per interval, from the container's cgroup (v1 or v2: one column list, "
                    + "empty where a version lacks the value) and the network namespace of a process inside it. "
                    + "File: one per container name (Kubernetes: <namespace>_<pod>_<container>).",
            containerColumns());

    /**
     * Per-container perf counters (opt-in: kubemon.agent.sources.perf): perf_event_open in cgroup
     * mode, one event group per online CPU per container. The hardware events need a PMU (most VMs
     * have none: empty cells, and a notice says why); the software events count everywhere.
     */
    public static final Table CONTAINER_PERF = new Table(
            "container_perf",
            MONITOR_CONTAINER,
            ".perf",
            1,
            "Per-container perf counters, opt-in (kubemon.agent.sources.perf): perf_event_open in cgroup mode on every "
                    + "online CPU, each count scaled by time_enabled/time_running (hardware_running_ratio says how "
                    + "much of the interval the PMU counted: below 1 the counters were multiplexed and the counts are "
                    + "estimates). Hardware columns are empty where the machine has no PMU.",
            perfColumns());

    public static final Table PROCESS = new Table(
            "process",
            MONITOR_PROCESS,
            "",
            3,
            "One row per process per interval, for every process in a container's cgroup subtree (children, "
                    + "grandchildren, anything started by exec), listed afresh every tick. A process that appears "
                    + "mid-run has a row from the first tick that lists it (gauges; its counters are empty until its "
                    + "second reading); one that exits between listing and reading is skipped.",
            processColumns());

    public static final String MONITOR_EVENTS = "events";

    /**
     * What happened when: one row per event, not per interval. Its {@code timestamp} is the
     * event's own (when the engine, the kernel's counter or the collector saw it happen; never
     * later than the tick that carried it), and its {@code interval_ms} is 0. Written like every
     * other table: exactly once, spooled, counted in the run's accounts.
     */
    public static final Table EVENTS = new Table(
            "events",
            MONITOR_EVENTS,
            "",
            1,
            "The run's timeline: containers started, exited (with their exit code) and restarted, OOM kills, pods "
                    + "added, deleted, evicted and changing phase, the monitor's own gaps (ticks missed, the collector "
                    + "unreachable, a spool overflow), the run's and the collector's own events, and the marks a "
                    + "researcher sets (POST /runs/current/marks, kubemon mark, kubemon run). One row per event; its "
                    + "timestamp is the event's own, interval_ms is 0. Agents write events/<node>.csv, the collector "
                    + "events/<collector>.csv.",
            List.of(
                    label(
                            "kind",
                            "What happened: container_started, container_exited, container_restarted, oom_kill, "
                                    + "pod_added, pod_deleted, pod_evicted, pod_phase, ticks_missed, "
                                    + "collector_unreachable, spool_overflow, events_dropped, run_started, "
                                    + "run_stopping, run_finished, agent_registered, agent_lost, collector_resumed, "
                                    + "store_failing, store_recovered, mark"),
                    label("container_id", "The container the event concerns; empty for a node's or the run's"),
                    label("container_name", "Its name"),
                    label("pod", "Kubernetes pod name, when the event concerns a pod or its container"),
                    label("namespace", "Kubernetes namespace of that pod"),
                    gauge("pid", "", "The process the event names (the one an OOM kill took, where known)"),
                    label(
                            "detail",
                            "In words: the exit code, the signal, the pod's phase, the ticks missed from-to, the mark's label"),
                    label("source", "What saw it: docker, cgroup, kubernetes, sampler, transport, collector, mark")));

    /** The built-in tables. */
    public static final List<Table> BUILT_IN =
            List.of(OS, OS_DISK, OS_NET, OS_CPU, CONTAINER, CONTAINER_PERF, PROCESS, EVENTS);
    /** Every table: the built-in ones, then those of any {@link TableProvider} on the class path. */
    public static final List<Table> ALL = withProvided(BUILT_IN);
    /** The monitors, each a directory of a run: os, container, process. */
    public static final List<String> MONITORS =
            ALL.stream().map(Table::monitor).distinct().toList();

    private Schemas() {}

    /**
     * The built-in tables and the provided ones, checked: a provided table may not reuse a name, or
     * a monitor and file suffix, that another table has (its files would be mistaken for the other's).
     */
    static List<Table> withProvided(List<Table> builtIn) {
        List<Table> all = new java.util.ArrayList<>(builtIn);
        for (TableProvider p : java.util.ServiceLoader.load(TableProvider.class, Schemas.class.getClassLoader())) {
            for (Table t : p.tables()) {
                for (Table other : all) {
                    if (other.name().equals(t.name())
                            || (other.monitor().equals(t.monitor())
                                    && other.fileSuffix().equals(t.fileSuffix()))) {
                        throw new IllegalStateException(
                                "table " + t.name() + " of " + p.getClass().getName()
                                        + " has the name, or the monitor and file suffix, of table " + other.name());
                    }
                }
                all.add(t);
            }
        }
        return List.copyOf(all);
    }

    public static Optional<Table> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** A run's file, known: its table and the source (node, container) it holds rows of. */
    public record Located(Table table, String source) {}

    /**
     * Which table and source a file of a run's monitor directory holds, or empty for a file that
     * is no table's: among the monitor's tables whose suffix the name ends with, the longest suffix
     * first, the one whose header the file starts with (so {@code n1.tcp.csv} is never taken for a
     * node {@code n1.tcp} of the OS table when it is a table this build does not know). The header
     * names its table by the row prefix and the table's first column, which no version of a table
     * changed (later versions add columns), so the files of earlier runs are located too. A file
     * whose header cannot be read (empty, or not there) is matched by its name alone.
     */
    public static Optional<Located> locate(java.nio.file.Path monitorDir, String fileName) {
        String monitor =
                monitorDir.getFileName() == null ? "" : monitorDir.getFileName().toString();
        String header = null;
        boolean read = false;
        List<Table> candidates = ALL.stream()
                .filter(t -> t.monitor().equals(monitor) && t.sourceOf(fileName) != null)
                .sorted(java.util.Comparator.comparingInt(
                                (Table t) -> t.fileSuffix().length())
                        .reversed())
                .toList();
        for (Table t : candidates) {
            if (!read) {
                header = firstLine(monitorDir.resolve(fileName));
                read = true;
            }
            if (header == null || header.isEmpty() || sameTable(header, t)) {
                return Optional.of(new Located(t, t.sourceOf(fileName)));
            }
        }
        return Optional.empty();
    }

    /** The header starts with the row prefix and then the table's first column. */
    static boolean sameTable(String header, Table t) {
        String[] names = header.split(",", Table.ROW_PREFIX.size() + 2);
        if (names.length <= Table.ROW_PREFIX.size() || t.columns().isEmpty()) {
            return false;
        }
        for (int i = 0; i < Table.ROW_PREFIX.size(); i++) {
            if (!names[i].equals(Table.ROW_PREFIX.get(i).name())) {
                return false;
            }
        }
        return names[Table.ROW_PREFIX.size()].equals(t.columns().get(0).name());
    }

    private static String firstLine(java.nio.file.Path file) {
        try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(file)) {
            String line = r.readLine();
            return line == null ? "" : line;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * The scheduler's view of a task (/proc/&lt;pid&gt;/schedstat): what an interference experiment
     * reads as "waited for a CPU", on cgroup v1 as on v2. Empty where the kernel keeps no
     * schedstat (no CONFIG_SCHED_INFO).
     */
    private static void schedColumns(List<Column> c, String over) {
        c.add(counter("sched_run_seconds", "seconds", "Time on a CPU (schedstat field 1)" + over));
        c.add(counter(
                "sched_wait_seconds",
                "seconds",
                "Time runnable but waiting for a CPU (schedstat field 2): run + wait add up to the interval for a "
                        + "task that never sleeps" + over));
        c.add(counter("sched_timeslices", "", "Timeslices run on a CPU (schedstat field 3)" + over));
    }

    private static List<Column> perfColumns() {
        List<Column> c = new ArrayList<>(containerLabels());
        c.add(counter(
                "task_clock_seconds", "seconds", "CPU time of the container's tasks as perf counts it (task-clock)"));
        c.add(counter("context_switches", "", "Context switches (software event)"));
        c.add(counter("cpu_migrations", "", "Moves of a task from one CPU to another (software event)"));
        c.add(counter("page_faults", "", "Page faults (software event)"));
        c.add(counter("cycles", "", "CPU cycles (hardware; empty without a PMU)"));
        c.add(counter(
                "instructions",
                "",
                "Instructions retired (hardware): instructions / cycles is the IPC interference papers watch (CPI2)"));
        c.add(counter("cache_references", "", "Last-level cache references (hardware)"));
        c.add(counter("cache_misses", "", "Last-level cache misses (hardware): a noisy neighbour's footprint"));
        c.add(counter("branch_misses", "", "Mispredicted branches (hardware)"));
        c.add(gauge(
                "hardware_running_ratio",
                "ratio",
                "Share of the interval the hardware counters counted (time_running / time_enabled, over events and "
                        + "CPUs): below 1 they were multiplexed and their counts are scaled estimates"));
        c.add(gauge("cpus", "", "Online CPUs counted on"));
        return c;
    }

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

    /** Labels identifying a container; shared by the container and process tables. */
    private static List<Column> containerLabels() {
        return List.of(
                label("container_id", "Full container id (64 hex digits for Docker, containerd and CRI-O)"),
                label("container_name", "Runtime's container name (Docker name, or the Kubernetes container name)"),
                label("image", "Image reference, where the runtime tells"),
                label("pod", "Kubernetes pod name, from the kubelet's labels or the API; empty outside Kubernetes"),
                label("namespace", "Kubernetes namespace"),
                label("kube_container", "Kubernetes container name within the pod"),
                label("pod_uid", "Kubernetes pod UID"),
                label(
                        "qos_class",
                        "The pod's QoS class from the kubelet's cgroup tree: guaranteed, burstable or besteffort"));
    }

    private static List<Column> containerColumns() {
        List<Column> c = new ArrayList<>(containerLabels());
        c.add(
                label(
                        "runtime",
                        "The container's runtime: docker (from the engine), containerd or cri-o (from the kubelet's systemd "
                                + "scope names), or cgroup (found in the kubepods tree of the cgroupfs driver, runtime not named)"));
        c.add(gauge("cgroup_version", "", "1 or 2"));
        c.add(counter(
                "cpu_usage_seconds",
                "seconds",
                "CPU time of all tasks (v1 cpuacct.usage, v2 cpu.stat usage_usec); cores used = this / interval"));
        c.add(counter("cpu_user_seconds", "seconds", "User CPU time (v1 cpuacct.stat user, v2 user_usec)"));
        c.add(counter("cpu_system_seconds", "seconds", "System CPU time (v1 cpuacct.stat system, v2 system_usec)"));
        c.add(gauge("cpu_limit_cores", "", "CFS quota / period (v1 cpu.cfs_quota_us, v2 cpu.max); empty when unlimited")
                .real());
        c.add(counter("cpu_periods", "", "CFS enforcement periods elapsed (nr_periods)"));
        c.add(counter("cpu_throttled_periods", "", "Periods in which the group was throttled (nr_throttled)"));
        c.add(counter("cpu_throttled_seconds", "seconds", "Time throttled (v1 throttled_time, v2 throttled_usec)"));
        schedColumns(c, ", summed over the container's processes (any cgroup version)");
        c.add(gauge(
                "memory_usage_bytes",
                "bytes",
                "Memory charged to the group (v1 memory.usage_in_bytes, v2 memory.current)"));
        c.add(gauge(
                "memory_limit_bytes",
                "bytes",
                "Memory limit (v1 memory.limit_in_bytes, v2 memory.max); empty when unlimited"));
        c.add(gauge(
                "memory_working_set_bytes",
                "bytes",
                "Usage minus inactive file cache, as the kubelet computes it for eviction"));
        c.add(gauge("memory_rss_bytes", "bytes", "Anonymous memory (v1 total_rss, v2 anon)"));
        c.add(gauge("memory_cache_bytes", "bytes", "Page cache (v1 total_cache, v2 file)"));
        c.add(gauge("memory_shmem_bytes", "bytes", "Shared memory and tmpfs (v1 total_shmem, v2 shmem)"));
        c.add(gauge("memory_mapped_file_bytes", "bytes", "Mapped files (v1 total_mapped_file, v2 file_mapped)"));
        c.add(gauge("memory_swap_bytes", "bytes", "Swap used (v1 total_swap, v2 memory.swap.current)"));
        c.add(counter("memory_pgfault", "", "Page faults (v1 total_pgfault, v2 pgfault)"));
        c.add(counter("memory_pgmajfault", "", "Major page faults (v1 total_pgmajfault, v2 pgmajfault)"));
        c.add(counter(
                "memory_workingset_refault",
                "",
                "Refaults of evicted pages, anon + file: the group's thrashing signal"));
        c.add(counter("memory_failcnt", "", "Times usage hit the limit (v1 memory.failcnt; empty on v2)"));
        c.add(counter(
                "memory_oom_events",
                "",
                "Times the group hit OOM (v2 memory.events oom; v1 under_oom is a state, so empty)"));
        c.add(counter(
                "memory_oom_kills",
                "",
                "Processes OOM-killed in the group (v2 memory.events oom_kill, v1 memory.oom_control oom_kill)"));
        c.add(counter(
                "blkio_read_bytes",
                "bytes",
                "Bytes read from block devices (v1 blkio.throttle.io_service_bytes Read, v2 io.stat rbytes)"));
        c.add(counter(
                "blkio_write_bytes", "bytes", "Bytes written to block devices (v1 ... Write, v2 io.stat wbytes)"));
        c.add(counter("blkio_reads", "", "Read operations (v1 blkio.throttle.io_serviced Read, v2 io.stat rios)"));
        c.add(counter("blkio_writes", "", "Write operations (v1 ... Write, v2 io.stat wios)"));
        for (String resource : PSI_RESOURCES) {
            for (String kind : PSI_KINDS) {
                c.add(gauge(
                        "psi_" + resource + "_" + kind + "_avg10_ratio",
                        "ratio",
                        "Share of time " + kind + " tasks of the group stalled on " + resource + " (10 s average; "
                                + resource + ".pressure of v2, or of the unified hierarchy of a hybrid v1 host)"));
                c.add(counter(
                        "psi_" + resource + "_" + kind + "_seconds",
                        "seconds",
                        "Time " + kind + " tasks of the group stalled on " + resource
                                + " (v2, or the unified hierarchy of a hybrid v1 host)"));
            }
        }
        c.add(label(
                "network_namespace",
                "Inode of the network namespace the network columns are read from: containers "
                        + "of one pod share it (count their traffic once); empty network columns with the host's inode mean "
                        + "host networking (the os_net table has the host)"));
        for (String dir : List.of("receive", "transmit")) {
            c.add(counter(
                    "network_" + dir + "_bytes",
                    "bytes",
                    "Bytes " + (dir.equals("receive") ? "received" : "sent")
                            + ", all interfaces of the container's network namespace but lo"));
            c.add(counter("network_" + dir + "_packets", "", "Packets, all interfaces but lo"));
            c.add(counter("network_" + dir + "_errors", "", "Errors, all interfaces but lo"));
            c.add(counter("network_" + dir + "_drops", "", "Drops, all interfaces but lo"));
        }
        c.add(gauge("pids_current", "", "Tasks (threads) in the group (pids.current)"));
        c.add(gauge("processes", "", "Processes listed in cgroup.procs of the group and its descendants"));
        return c;
    }

    private static List<Column> processColumns() {
        List<Column> c = new ArrayList<>(containerLabels());
        c.add(gauge("pid", "", "Process id as the host sees it"));
        c.add(gauge("ppid", "", "Parent process id"));
        c.add(
                label(
                        "command",
                        "Command line (/proc/<pid>/cmdline, NULs as spaces, at most 256 characters), or [comm] for kernel threads"));
        c.add(label("state", "R running, S sleeping, D uninterruptible (I/O), Z zombie, T stopped, ..."));
        c.add(gauge(
                "start_time_seconds",
                "seconds",
                "Start time after boot; with pid, identifies the process across pid reuse"));
        c.add(counter("cpu_user_seconds", "seconds", "User CPU time (utime)"));
        c.add(counter("cpu_system_seconds", "seconds", "System CPU time (stime)"));
        schedColumns(c, "");
        c.add(gauge("last_cpu", "", "The CPU the process last ran on (stat field 39, processor)"));
        c.add(gauge("memory_rss_bytes", "bytes", "Resident set size (VmRSS)"));
        c.add(gauge("memory_swap_bytes", "bytes", "Swapped-out anonymous memory (VmSwap)"));
        c.add(gauge("memory_vms_bytes", "bytes", "Virtual memory size (VmSize)"));
        c.add(gauge("memory_shared_bytes", "bytes", "Resident file-backed and shared memory (RssFile + RssShmem)"));
        c.add(counter("minor_faults", "", "Minor page faults (minflt)"));
        c.add(counter("major_faults", "", "Major page faults, which needed I/O (majflt)"));
        c.add(gauge("threads", "", "Threads (num_threads)"));
        c.add(counter("voluntary_context_switches", "", "Voluntary context switches (the process waited)"));
        c.add(counter("involuntary_context_switches", "", "Involuntary context switches (the process was preempted)"));
        c.add(counter("io_read_bytes", "bytes", "Bytes fetched from storage (/proc/<pid>/io read_bytes)"));
        c.add(counter("io_write_bytes", "bytes", "Bytes sent to storage (write_bytes)"));
        c.add(counter(
                "io_rchar_bytes", "bytes", "Bytes read through read(2) and the like, cache hits included (rchar)"));
        c.add(counter("io_wchar_bytes", "bytes", "Bytes written through write(2) and the like (wchar)"));
        c.add(gauge("open_fds", "", "Open file descriptors"));
        return c;
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
