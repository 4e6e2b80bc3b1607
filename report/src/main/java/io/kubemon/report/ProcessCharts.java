package io.kubemon.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The processes of each container section, followed across ticks by pid and start time, and
 * charted at the end as the container's top processes by CPU time and by peak memory.
 */
final class ProcessCharts {
    private final Grid grid;
    /** Per container section, its processes by pid/start time; guarded by itself for its keys. */
    private final Map<Section, Map<ProcessKey, Process>> bySection = new IdentityHashMap<>();

    ProcessCharts(Grid grid) {
        this.grid = grid;
    }

    /** The section's processes, made on first use; its values are guarded by the section's lock. */
    Map<ProcessKey, Process> of(Section section) {
        synchronized (bySection) {
            return bySection.computeIfAbsent(section, k -> new LinkedHashMap<>());
        }
    }

    /** One process row into its process's series; the caller holds the section's lock. */
    void add(Map<ProcessKey, Process> ofSection, CsvRow row) {
        ProcessKey key = new ProcessKey(row.num("pid"), row.num("start_time_seconds"));
        Process p = ofSection.computeIfAbsent(key, k -> {
            String cmd = row.text("command");
            return new Process(
                    row.text("pid") + " " + (cmd.length() > 40 ? cmd.substring(0, 40) + "…" : cmd), grid.buckets());
        });
        int b = grid.bucket(row.timestampMs());
        p.cpu.add(b, row.rateSum("cpu_user_seconds", "cpu_system_seconds"));
        p.rss.add(b, row.num("memory_rss_bytes"));
    }

    /** Each container's top processes by CPU time and by peak memory, each set a chart. */
    void chartTop() {
        bySection.forEach((section, procs) -> {
            List<Process> list = new ArrayList<>(procs.values());
            addTop(
                    section,
                    "top_cpu",
                    "Top processes by CPU",
                    "cores",
                    list,
                    Comparator.comparingDouble((Process p) -> p.cpu.sum).reversed(),
                    p -> p.cpu);
            addTop(
                    section,
                    "top_memory",
                    "Top processes by memory (RSS)",
                    "bytes",
                    list,
                    Comparator.comparingDouble((Process p) -> p.rss.empty() ? -1 : p.rss.peak)
                            .reversed(),
                    p -> p.rss);
        });
    }

    private void addTop(
            Section section,
            String id,
            String title,
            String unit,
            List<Process> list,
            Comparator<Process> order,
            Function<Process, Series> which) {
        List<Process> sorted = new ArrayList<>(list);
        sorted.sort(order);
        Chart chart = section.chart(
                id,
                title + " (" + Math.min(Charts.TOP_PROCESSES, sorted.size()) + " of " + sorted.size() + ")",
                unit,
                grid.buckets());
        for (Process p : sorted.subList(0, Math.min(Charts.TOP_PROCESSES, sorted.size()))) {
            String label = p.label;
            for (int n = 2; chart.series.containsKey(label); n++) {
                label = p.label + " (" + n + ")"; // the same pid and command started again
            }
            chart.series.put(label, which.apply(p));
        }
    }

    /** A process across ticks: its pid and start time (a pid reused later is another process). */
    record ProcessKey(double pid, double startTime) {}

    /** One process of a container: its CPU and memory series, ranked afterwards. */
    static final class Process {
        final String label;
        final Series cpu;
        final Series rss;

        Process(String label, int buckets) {
            this.label = label;
            this.cpu = new Series(label, Series.Style.LINE, buckets);
            this.rss = new Series(label, Series.Style.LINE, buckets);
        }
    }
}
