package io.kubemon.report;

import static io.kubemon.report.ChartDef.heat;
import static io.kubemon.report.ChartDef.limit;
import static io.kubemon.report.ChartDef.line;
import static io.kubemon.report.ChartDef.stacked;

import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.ContainerTables;
import io.kubemon.common.schema.Kind;
import io.kubemon.common.schema.OsTables;
import io.kubemon.common.schema.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * What the report draws from each table: the one place to add a chart. Counters are drawn as
 * rates over each row's own interval; column names are the schema's (docs/metrics.md).
 */
final class Charts {
    private Charts() {}

    /**
     * The charts of a table: its declared ones, or, for a table with none (a table added since, or
     * an extension's), one chart per numeric column, counters as rates over each row's interval and
     * gauges as values: never mis-drawn as another table's, never left out.
     */
    static List<ChartDef> of(Table table) {
        if (table == OsTables.OS) {
            return OS;
        }
        if (table == OsTables.OS_DISK) {
            return OS_DISK;
        }
        if (table == OsTables.OS_NET) {
            return OS_NET;
        }
        if (table == OsTables.OS_CPU) {
            return OS_CPU;
        }
        if (table == ContainerTables.CONTAINER_PERF) {
            return CONTAINER_PERF;
        }
        if (table == ContainerTables.CONTAINER) {
            return CONTAINER;
        }
        return GENERIC.computeIfAbsent(table, Charts::generic);
    }

    private static final java.util.Map<Table, List<ChartDef>> GENERIC = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * One chart per numeric column of the table. A host table's rows are per entity (a device, an
     * interface, a CPU): its first label column, where it has one, gives each entity its own series.
     */
    static List<ChartDef> generic(Table table) {
        String per = null;
        if (table.monitor().equals(OsTables.OS.monitor())) {
            per = table.columns().stream()
                    .filter(c -> c.kind() == Kind.LABEL)
                    .map(Column::name)
                    .findFirst()
                    .orElse(null);
        }
        List<ChartDef> defs = new ArrayList<>();
        for (Column c : table.columns()) {
            if (c.kind() == Kind.LABEL) {
                continue;
            }
            boolean counter = c.kind() == Kind.COUNTER;
            String unit = counter ? (c.unit().isEmpty() ? "/s" : perSecond(c.unit())) : c.unit();
            String name = c.name();
            defs.add(new ChartDef(
                    table.name() + "." + name,
                    table.name() + ": " + name + (counter ? " (rate)" : ""),
                    unit,
                    per,
                    List.of(line(name, counter ? r -> r.rate(name) : r -> r.num(name)))));
        }
        return List.copyOf(defs);
    }

    /** A counter's unit per second: seconds of CPU per second are cores, bytes per second bytes/s. */
    private static String perSecond(String unit) {
        return switch (unit) {
            case "seconds" -> "ratio";
            case "bytes" -> "bytes/s";
            default -> unit + "/s";
        };
    }

    static final List<ChartDef> OS = List.of(
            new ChartDef("cpu", "CPU by mode", "cores", null, cpuModes()),
            new ChartDef(
                    "load",
                    "Load average",
                    "",
                    null,
                    List.of(
                            line("load1", r -> r.num("load1")),
                            line("load5", r -> r.num("load5")),
                            line("load15", r -> r.num("load15")),
                            line("runnable", r -> r.num("procs_running")),
                            line("blocked on I/O", r -> r.num("procs_blocked")))),
            new ChartDef(
                    "memory",
                    "Memory",
                    "bytes",
                    null,
                    List.of(
                            line("used", r -> r.num("memory_total_bytes") - r.num("memory_available_bytes")),
                            line("cache", r -> r.sum("memory_cached_bytes", "memory_buffers_bytes")),
                            line("available", r -> r.num("memory_available_bytes")),
                            limit("total", r -> r.num("memory_total_bytes")))),
            new ChartDef(
                    "swap",
                    "Swap",
                    "bytes",
                    null,
                    List.of(
                            line("used", r -> r.num("swap_total_bytes") - r.num("swap_free_bytes")),
                            limit("total", r -> r.num("swap_total_bytes")))),
            new ChartDef(
                    "paging",
                    "Paging and reclaim",
                    "/s",
                    null,
                    List.of(
                            line("major faults", r -> r.rate("vmstat_pgmajfault")),
                            line("pages swapped in", r -> r.rate("vmstat_pswpin")),
                            line("pages swapped out", r -> r.rate("vmstat_pswpout")),
                            line("refaults", r -> r.rate("vmstat_workingset_refault")),
                            line("pages scanned", r -> r.rate("vmstat_pgscan")))),
            new ChartDef("psi", "Pressure stall (share of time)", "ratio", null, psi()));

    static final List<ChartDef> OS_DISK = List.of(
            new ChartDef(
                    "disk_bytes",
                    "Disk throughput",
                    "bytes/s",
                    "device",
                    List.of(line("read", r -> r.rate("read_bytes")), line("written", r -> r.rate("written_bytes")))),
            new ChartDef(
                    "disk_iops",
                    "Disk IOPS",
                    "/s",
                    "device",
                    List.of(
                            line("reads", r -> r.rate("reads_completed")),
                            line("writes", r -> r.rate("writes_completed")))));

    static final List<ChartDef> OS_NET = List.of(new ChartDef(
            "net_bytes",
            "Network",
            "bytes/s",
            "interface",
            List.of(line("received", r -> r.rate("receive_bytes")), line("sent", r -> r.rate("transmit_bytes")))));

    /** Each CPU its own series: pinned workloads show on their cores. */
    static final List<ChartDef> OS_CPU = List.of(
            new ChartDef("cpu_busy", "Busy share per CPU", "ratio", "cpu", List.of(heat("busy", r -> {
                double busy = 0;
                for (String mode : OsTables.BUSY_CPU_MODES) {
                    busy += r.rate("cpu_" + mode + "_seconds");
                }
                return busy;
            }))),
            new ChartDef(
                    "cpu_wait",
                    "I/O wait and steal per CPU",
                    "ratio",
                    "cpu",
                    List.of(
                            line("iowait", r -> r.rate("cpu_iowait_seconds")),
                            line("steal", r -> r.rate("cpu_steal_seconds")))),
            new ChartDef(
                    "cpu_frequency",
                    "Frequency per CPU",
                    "hertz",
                    "cpu",
                    List.of(line("frequency", r -> r.num("frequency_hz")))));

    /** On the container's section: its perf counters, IPC first (what CPI2 and PARTIES watch). */
    static final List<ChartDef> CONTAINER_PERF = List.of(
            new ChartDef(
                    "perf_ipc",
                    "Instructions per cycle (perf)",
                    "",
                    null,
                    List.of(line("IPC", r -> r.num("instructions") / r.num("cycles")))),
            new ChartDef(
                    "perf_cache",
                    "Cache misses per 1000 instructions (perf)",
                    "",
                    null,
                    List.of(line("misses / 1000 instr.", r -> 1000 * r.num("cache_misses") / r.num("instructions")))),
            new ChartDef(
                    "perf_clock",
                    "Task clock (perf)",
                    "cores",
                    null,
                    List.of(line("task-clock", r -> r.rate("task_clock_seconds")))),
            new ChartDef(
                    "perf_sched",
                    "Context switches and migrations (perf)",
                    "/s",
                    null,
                    List.of(
                            line("context switches", r -> r.rate("context_switches")),
                            line("CPU migrations", r -> r.rate("cpu_migrations")))),
            new ChartDef(
                    "perf_multiplex",
                    "Hardware counters' running share (perf; below 1: multiplexed estimates)",
                    "ratio",
                    null,
                    List.of(line("running / enabled", r -> r.num("hardware_running_ratio")))));

    static final List<ChartDef> CONTAINER = List.of(
            new ChartDef(
                    "cpu",
                    "CPU",
                    "cores",
                    null,
                    List.of(
                            line("used", r -> r.rate("cpu_usage_seconds")),
                            line("system", r -> r.rate("cpu_system_seconds")),
                            limit("limit", r -> r.num("cpu_limit_cores")))),
            new ChartDef(
                    "throttled",
                    "CPU throttled (share of time)",
                    "ratio",
                    null,
                    List.of(line("throttled", r -> r.rate("cpu_throttled_seconds")))),
            new ChartDef(
                    "sched",
                    "Waiting for a CPU (schedstat, summed over its processes)",
                    "cores",
                    null,
                    List.of(
                            line("running", r -> r.rate("sched_run_seconds")),
                            line("waiting", r -> r.rate("sched_wait_seconds")))),
            new ChartDef(
                    "memory",
                    "Memory",
                    "bytes",
                    null,
                    List.of(
                            line("usage", r -> r.num("memory_usage_bytes")),
                            line("working set", r -> r.num("memory_working_set_bytes")),
                            line("cache", r -> r.num("memory_cache_bytes")),
                            limit("limit", r -> r.num("memory_limit_bytes")))),
            new ChartDef(
                    "faults",
                    "Refaults and major faults",
                    "/s",
                    null,
                    List.of(
                            line("refaults", r -> r.rate("memory_workingset_refault")),
                            line("major faults", r -> r.rate("memory_pgmajfault")))),
            new ChartDef(
                    "blkio",
                    "Block I/O",
                    "bytes/s",
                    null,
                    List.of(
                            line("read", r -> r.rate("blkio_read_bytes")),
                            line("written", r -> r.rate("blkio_write_bytes")))),
            new ChartDef(
                    "net",
                    "Network",
                    "bytes/s",
                    null,
                    List.of(
                            line("received", r -> r.rate("network_receive_bytes")),
                            line("sent", r -> r.rate("network_transmit_bytes")))),
            new ChartDef("psi", "Pressure stall (share of time)", "ratio", null, psi()));

    /** Processes drawn per container and ranking. */
    static final int TOP_PROCESSES = 5;

    private static List<ChartDef.SeriesDef> cpuModes() {
        List<ChartDef.SeriesDef> s = new ArrayList<>();
        for (String mode : OsTables.BUSY_CPU_MODES) {
            s.add(stacked(mode, r -> r.rate("cpu_" + mode + "_seconds")));
        }
        s.add(limit("online CPUs", r -> r.num("cpu_count")));
        return List.copyOf(s);
    }

    private static List<ChartDef.SeriesDef> psi() {
        List<ChartDef.SeriesDef> s = new ArrayList<>();
        for (String resource : OsTables.PSI_RESOURCES) {
            for (String kind : OsTables.PSI_KINDS) {
                String column = "psi_" + resource + "_" + kind + "_seconds";
                s.add(line(resource + " " + kind, r -> r.rate(column)));
            }
        }
        return List.copyOf(s);
    }
}
