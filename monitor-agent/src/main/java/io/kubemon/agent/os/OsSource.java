package io.kubemon.agent.os;

import io.kubemon.agent.procfs.PressureParser;
import io.kubemon.agent.procfs.Psi;

import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.sampling.CounterDeltas;
import io.kubemon.agent.sampling.MetricSource;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.Kind;
import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.Sample;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The host table: /proc/stat, /proc/loadavg, /proc/meminfo, /proc/vmstat and
 * /proc/pressure/{cpu,memory,io}. Read directly rather than through OSHI: OSHI's /proc location
 * is a process-wide static (no injected HostPaths) and it has no PSI and few vmstat fields.
 */
@Component
@ConditionalOnProperty(prefix = "kubemon.agent.sources", name = "os", havingValue = "true", matchIfMissing = true)
public class OsSource implements MetricSource {
    /** /proc/stat ticks per second. */
    static final long USER_HZ = io.kubemon.agent.host.Kernel.USER_HZ;
    /** The columns of /proc/loadavg's three averages, in the file's order. */
    private static final String[] LOAD_COLUMNS = {"load1", "load5", "load15"};
    private static final String HOST = "host";

    private final HostPaths paths;
    private final ProcFiles files;
    private final List<Column> counters;
    private final CounterDeltas deltas = new CounterDeltas();

    public OsSource(HostPaths paths, ProcFiles files) {
        this.paths = paths;
        this.files = files;
        this.counters = Schemas.OS.columns().stream().filter(c -> c.kind() == Kind.COUNTER).toList();
    }

    @Override
    public Table table() {
        return Schemas.OS;
    }

    @Override
    public void reset() {
        deltas.clear();
    }

    @Override
    public void sample(Tick tick, Consumer<Sample> out) {
        Map<String, Long> raw = new HashMap<>(128);
        Map<String, Object> values = new LinkedHashMap<>(160);

        files.read(paths.proc("stat")).map(ProcStatParser::parse).ifPresent(stat -> {
            for (int i = 0; i < Schemas.CPU_MODES.size(); i++) {
                raw.put("cpu_" + Schemas.CPU_MODES.get(i) + "_seconds", stat.modeTicks()[i]);
            }
            raw.put("context_switches", stat.contextSwitches());
            raw.put("interrupts", stat.interrupts());
            raw.put("forks", stat.forks());
            values.put("cpu_count", stat.cpuCount());
            putIfKnown(values, "procs_running", stat.procsRunning());
            putIfKnown(values, "procs_blocked", stat.procsBlocked());
        });
        files.read(paths.proc("loadavg")).map(LoadAvgParser::parse).ifPresent(load -> {
            for (int i = 0; i < LOAD_COLUMNS.length; i++) {
                if (!Double.isNaN(load[i])) {
                    values.put(LOAD_COLUMNS[i], load[i]);
                }
            }
        });
        files.read(paths.proc("meminfo")).map(KeyValueParser::meminfo).ifPresent(mem -> memory(mem, values));
        files.read(paths.proc("vmstat")).map(KeyValueParser::vmstat).ifPresent(vm -> vmstat(vm, raw));
        for (String resource : Schemas.PSI_RESOURCES) {
            files.read(paths.proc("pressure", resource)).map(PressureParser::parse)
                    .ifPresent(psi -> pressure(resource, psi, raw, values));
        }

        long[] readings = new long[counters.size()];
        for (int i = 0; i < readings.length; i++) {
            readings[i] = raw.getOrDefault(counters.get(i).name(), -1L);
        }
        CounterDeltas.Delta delta = deltas.update(HOST, tick.nanos(), readings);
        if (delta == null) {
            return;
        }
        for (int i = 0; i < readings.length; i++) {
            String name = counters.get(i).name();
            values.put(name, CounterDeltas.scaled(delta.diff()[i], 1, divisor(name)));
        }
        out.accept(new Sample(Schemas.OS.name(), tick.node(), tick.timestamp(), delta.elapsedMs(), ordered(values)));
    }

    private static long divisor(String column) {
        if (column.startsWith("cpu_")) {
            return USER_HZ;
        }
        if (column.startsWith("psi_")) {
            return 1_000_000; // total= is in microseconds
        }
        return 1;
    }


    private static void memory(Map<String, Long> mem, Map<String, Object> values) {
        Schemas.MEMINFO.forEach((column, field) -> {
            Long v = mem.get(field);
            if (v != null) {
                values.put(column, v);
            }
        });
    }

    static void vmstat(Map<String, Long> vm, Map<String, Long> raw) {
        for (String key : List.of("pgfault", "pgmajfault", "pgpgin", "pgpgout", "pswpin", "pswpout", "pgfree", "oom_kill")) {
            raw.put("vmstat_" + key, vm.getOrDefault(key, -1L));
        }
        raw.put("vmstat_pgalloc", sum(vm, "pgalloc", Set.of()));
        long scanKswapd = sum(vm, "pgscan_kswapd", Set.of());
        long scanDirect = sum(vm, "pgscan_direct", Set.of("pgscan_direct_throttle"));
        // khugepaged and proactive (memory.reclaim) scans exist only on newer kernels: 0 where absent.
        long scanOther = vm.getOrDefault("pgscan_khugepaged", 0L) + vm.getOrDefault("pgscan_proactive", 0L);
        long stealKswapd = sum(vm, "pgsteal_kswapd", Set.of());
        long stealDirect = sum(vm, "pgsteal_direct", Set.of());
        long stealOther = vm.getOrDefault("pgsteal_khugepaged", 0L) + vm.getOrDefault("pgsteal_proactive", 0L);
        raw.put("vmstat_pgscan_kswapd", scanKswapd);
        raw.put("vmstat_pgscan_direct", scanDirect);
        raw.put("vmstat_pgscan", scanKswapd < 0 || scanDirect < 0 ? -1 : scanKswapd + scanDirect + scanOther);
        raw.put("vmstat_pgsteal_kswapd", stealKswapd);
        raw.put("vmstat_pgsteal_direct", stealDirect);
        raw.put("vmstat_pgsteal", stealKswapd < 0 || stealDirect < 0 ? -1 : stealKswapd + stealDirect + stealOther);
        raw.put("vmstat_allocstall", sum(vm, "allocstall", Set.of()));
        raw.put("vmstat_workingset_refault", sum(vm, "workingset_refault", Set.of()));
        raw.put("vmstat_workingset_activate", sum(vm, "workingset_activate", Set.of()));
    }

    /**
     * The counter {@code name}, or on kernels that split it (per zone before 4.8, per LRU type
     * since 5.9) the sum of {@code name_*}; -1 when the kernel has neither.
     */
    static long sum(Map<String, Long> vm, String name, Set<String> exclude) {
        Long exact = vm.get(name);
        if (exact != null) {
            return exact;
        }
        long total = 0;
        boolean any = false;
        for (Map.Entry<String, Long> e : vm.entrySet()) {
            if (e.getKey().startsWith(name + "_") && !exclude.contains(e.getKey())) {
                total += e.getValue();
                any = true;
            }
        }
        return any ? total : -1;
    }

    private static void pressure(String resource, Psi psi, Map<String, Long> raw, Map<String, Object> values) {
        line(resource + "_some", psi.some(), raw, values);
        line(resource + "_full", psi.full(), raw, values);
    }

    private static void line(String prefix, Psi.Line line, Map<String, Long> raw, Map<String, Object> values) {
        if (line == null) {
            return;
        }
        // The kernel prints percentages; the columns are ratios (0..1), Prometheus's base unit.
        // BigDecimal so that 4.87 % becomes exactly 0.0487, not 0.048700000000000006.
        values.put("psi_" + prefix + "_avg10_ratio", ratio(line.avg10()));
        values.put("psi_" + prefix + "_avg60_ratio", ratio(line.avg60()));
        values.put("psi_" + prefix + "_avg300_ratio", ratio(line.avg300()));
        raw.put("psi_" + prefix + "_seconds", line.totalMicros());
    }

    private static BigDecimal ratio(double percent) {
        return Double.isNaN(percent) ? null : BigDecimal.valueOf(percent).movePointLeft(2);
    }

    private static void putIfKnown(Map<String, Object> values, String column, long v) {
        if (v >= 0) {
            values.put(column, v);
        }
    }

    /** Values in the table's column order, so the JSON reads like the CSV row. */
    private static Map<String, Object> ordered(Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>(values.size() * 2);
        for (Column c : Schemas.OS.columns()) {
            Object v = values.get(c.name());
            if (v != null) {
                out.put(c.name(), v);
            }
        }
        return out;
    }
}
