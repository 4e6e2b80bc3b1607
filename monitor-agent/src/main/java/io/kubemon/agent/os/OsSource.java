package io.kubemon.agent.os;

import static io.kubemon.agent.sampling.Counters.count;
import static io.kubemon.agent.sampling.Counters.seconds;

import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.Kernel;
import io.kubemon.agent.host.MalformedFields;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.procfs.CpuStat;
import io.kubemon.agent.procfs.KeyValueParser;
import io.kubemon.agent.procfs.LoadAvgParser;
import io.kubemon.agent.procfs.PressureParser;
import io.kubemon.agent.procfs.ProcStatParser;
import io.kubemon.agent.procfs.Psi;
import io.kubemon.agent.sampling.CounterDeltas;
import io.kubemon.agent.sampling.Counters;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.OsTables;
import io.kubemon.common.wire.Sample;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The host table: /proc/stat, /proc/loadavg, /proc/meminfo, /proc/vmstat and
 * /proc/pressure/{cpu,memory,io}. Read directly rather than through OSHI: OSHI's /proc location
 * is a process-wide static (no injected HostPaths) and it has no PSI and few vmstat fields.
 */
@Component
@ConditionalOnProperty(prefix = "kubemon.agent.sources", name = "os", havingValue = "true", matchIfMissing = true)
public class OsSource extends HostTableSource {
    /** The columns of /proc/loadavg's three averages, in the file's order. */
    private static final String[] LOAD_COLUMNS = {"load1", "load5", "load15"};
    /** /proc/vmstat counters taken as they are. */
    private static final List<String> VMSTAT_PLAIN =
            List.of("pgfault", "pgmajfault", "pgpgin", "pgpgout", "pswpin", "pswpout", "pgfree", "oom_kill");
    /** /proc/vmstat counters that some kernels split per zone or per LRU type: summed. */
    private static final List<String> VMSTAT_SUMMED = List.of(
            "pgalloc",
            "pgscan_kswapd",
            "pgsteal_kswapd",
            "pgsteal_direct",
            "allocstall",
            "workingset_refault",
            "workingset_activate");

    private static final long MICROS = 1_000_000;
    private static final String HOST = "host";

    private static final Counters<Reading> COUNTERS = new Counters<>(OsTables.OS, counters());

    /** The host's counter columns: /proc/stat's (USER_HZ ticks), /proc/vmstat's, PSI totals (µs). */
    private static List<Counters.Counter<Reading>> counters() {
        List<Counters.Counter<Reading>> c = new ArrayList<>();
        for (int i = 0; i < OsTables.CPU_MODES.size(); i++) {
            int mode = i;
            c.add(seconds(
                    "cpu_" + OsTables.CPU_MODES.get(i) + "_seconds",
                    r -> r.stat(s -> s.modeTicks()[mode]),
                    Kernel.USER_HZ));
        }
        c.add(count("context_switches", r -> r.stat(CpuStat::contextSwitches)));
        c.add(count("interrupts", r -> r.stat(CpuStat::interrupts)));
        c.add(count("forks", r -> r.stat(CpuStat::forks)));
        VMSTAT_PLAIN.forEach(key -> c.add(count("vmstat_" + key, r -> r.vm().getOrDefault(key, -1L))));
        VMSTAT_SUMMED.forEach(key -> c.add(count("vmstat_" + key, r -> sum(r.vm(), key, Set.of()))));
        c.add(count("vmstat_pgscan_direct", r -> sum(r.vm(), "pgscan_direct", Set.of("pgscan_direct_throttle"))));
        c.add(count("vmstat_pgscan", r -> reclaim(r.vm(), "pgscan", Set.of("pgscan_direct_throttle"))));
        c.add(count("vmstat_pgsteal", r -> reclaim(r.vm(), "pgsteal", Set.of())));
        for (String resource : OsTables.PSI_RESOURCES) {
            c.add(seconds("psi_" + resource + "_some_seconds", r -> r.psiTotal(resource, Psi::some), MICROS));
            c.add(seconds("psi_" + resource + "_full_seconds", r -> r.psiTotal(resource, Psi::full), MICROS));
        }
        return c;
    }

    /** One reading of the host's counter files; null where a file could not be read. */
    private record Reading(CpuStat cpu, Map<String, Long> vm, Map<String, Psi> psi) {
        long stat(ToLongFunction<CpuStat> field) {
            return cpu == null ? -1 : field.applyAsLong(cpu);
        }

        long psiTotal(String resource, Function<Psi, Psi.Line> kind) {
            Psi p = psi.get(resource);
            Psi.Line line = p == null ? null : kind.apply(p);
            return line == null ? -1 : line.totalMicros();
        }
    }

    public OsSource(HostPaths paths, ProcFiles files, MalformedFields malformed) {
        super(OsTables.OS, paths, files, malformed);
    }

    @Override
    public void sample(Tick tick, Consumer<Sample> out) {
        Map<String, Object> values = new LinkedHashMap<>(160);
        CpuStat cpu = files.read(paths.proc("stat"))
                .map(t -> ProcStatParser.parse(t, bad))
                .orElse(null);
        if (cpu != null) {
            values.put("cpu_count", cpu.cpuCount());
            putIfKnown(values, "procs_running", cpu.procsRunning());
            putIfKnown(values, "procs_blocked", cpu.procsBlocked());
        }
        files.read(paths.proc("loadavg")).map(t -> LoadAvgParser.parse(t, bad)).ifPresent(load -> {
            for (int i = 0; i < LOAD_COLUMNS.length; i++) {
                if (!Double.isNaN(load[i])) {
                    values.put(LOAD_COLUMNS[i], load[i]);
                }
            }
        });
        files.read(paths.proc("meminfo"))
                .map(t -> KeyValueParser.meminfo(t, bad))
                .ifPresent(mem -> memory(mem, values));
        Map<String, Long> vm = files.read(paths.proc("vmstat"))
                .map(t -> KeyValueParser.vmstat(t, bad))
                .orElse(Map.of());
        Map<String, Psi> psi = new HashMap<>(4);
        for (String resource : OsTables.PSI_RESOURCES) {
            files.read(paths.proc("pressure", resource))
                    .map(t -> PressureParser.parse(t, bad))
                    .ifPresent(p -> {
                        psi.put(resource, p);
                        pressure(resource, p, values);
                    });
        }

        CounterDeltas.Delta delta = deltas.update(HOST, tick.nanos(), COUNTERS.read(new Reading(cpu, vm, psi)));
        if (delta == null) {
            return;
        }
        COUNTERS.put(delta, values);
        out.accept(new Sample(OsTables.OS.name(), tick.node(), tick.timestamp(), delta.elapsedMs(), ordered(values)));
    }

    private static void memory(Map<String, Long> mem, Map<String, Object> values) {
        OsTables.MEMINFO.forEach((column, field) -> {
            Long v = mem.get(field);
            if (v != null) {
                values.put(column, v);
            }
        });
    }

    /**
     * Pages scanned or reclaimed ({@code pgscan}, {@code pgsteal}): kswapd + direct, plus
     * khugepaged and proactive (memory.reclaim) where the kernel has them (newer kernels only: 0
     * where absent); missing when kswapd's or direct's is.
     */
    private static long reclaim(Map<String, Long> vm, String name, Set<String> exclude) {
        long kswapd = sum(vm, name + "_kswapd", exclude);
        long direct = sum(vm, name + "_direct", exclude);
        long other = vm.getOrDefault(name + "_khugepaged", 0L) + vm.getOrDefault(name + "_proactive", 0L);
        return kswapd < 0 || direct < 0 ? -1 : kswapd + direct + other;
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

    private static void pressure(String resource, Psi psi, Map<String, Object> values) {
        line(resource + "_some", psi.some(), values);
        line(resource + "_full", psi.full(), values);
    }

    private static void line(String prefix, Psi.Line line, Map<String, Object> values) {
        if (line == null) {
            return;
        }
        // The kernel prints percentages; the columns are ratios (0..1), Prometheus's base unit.
        // BigDecimal so that 4.87 % becomes exactly 0.0487, not 0.048700000000000006.
        values.put("psi_" + prefix + "_avg10_ratio", ratio(line.avg10()));
        values.put("psi_" + prefix + "_avg60_ratio", ratio(line.avg60()));
        values.put("psi_" + prefix + "_avg300_ratio", ratio(line.avg300()));
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
        for (Column c : OsTables.OS.columns()) {
            Object v = values.get(c.name());
            if (v != null) {
                out.put(c.name(), v);
            }
        }
        return out;
    }
}
