package io.kubemon.common.schema;

import static io.kubemon.common.schema.Column.counter;
import static io.kubemon.common.schema.Column.gauge;
import static io.kubemon.common.schema.Column.label;
import static io.kubemon.common.schema.OsTables.PSI_KINDS;
import static io.kubemon.common.schema.OsTables.PSI_RESOURCES;

import java.util.ArrayList;
import java.util.List;

/**
 * The tables of containers and the processes in them (monitors {@code container} and
 * {@code process}): container, container_perf, process.
 */
public final class ContainerTables {
    public static final Table CONTAINER = new Table(
            "container",
            Schemas.MONITOR_CONTAINER,
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
            Schemas.MONITOR_CONTAINER,
            ".perf",
            1,
            "Per-container perf counters, opt-in (kubemon.agent.sources.perf): perf_event_open in cgroup mode on every "
                    + "online CPU, each count scaled by time_enabled/time_running (hardware_running_ratio says how "
                    + "much of the interval the PMU counted: below 1 the counters were multiplexed and the counts are "
                    + "estimates). Hardware columns are empty where the machine has no PMU.",
            perfColumns());

    public static final Table PROCESS = new Table(
            "process",
            Schemas.MONITOR_PROCESS,
            "",
            3,
            "One row per process per interval, for every process in a container's cgroup subtree (children, "
                    + "grandchildren, anything started by exec), listed afresh every tick. A process that appears "
                    + "mid-run has a row from the first tick that lists it (gauges; its counters are empty until its "
                    + "second reading); one that exits between listing and reading is skipped.",
            processColumns());

    private ContainerTables() {}

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
        for (CgroupMemoryStat m : CgroupMemoryStat.values()) {
            c.add(m.declaration());
        }
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
}
