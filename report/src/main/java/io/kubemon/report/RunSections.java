package io.kubemon.report;

import io.kubemon.common.schema.ContainerTables;
import io.kubemon.common.schema.RunLayout;
import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sections of one run's report as its files are read into them: a node's charts, a container's
 * (with the tables that attach to it), a table's own; the files' rows counted and the reading's
 * progress told. Files are read in parallel: the map of sections is guarded by itself, a section's
 * charts and series by the section.
 */
final class RunSections {
    final Grid grid;
    final long totalBytes;
    final String label;
    long doneBytes;
    final java.util.concurrent.atomic.AtomicLong rows = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong unplaced = new java.util.concurrent.atomic.AtomicLong();
    /** Guarded by itself; a section's own charts and series by the section (files are read in parallel). */
    final Map<String, Section> sections = new LinkedHashMap<>();

    final Map<String, Section> byContainerId = new java.util.concurrent.ConcurrentHashMap<>();
    private final Report.Progress progress;
    private final ProcessCharts processes;

    RunSections(Grid grid, long totalBytes, String label, Report.Progress progress) {
        this.grid = grid;
        this.totalBytes = totalBytes;
        this.label = label;
        this.progress = progress;
        this.processes = new ProcessCharts(grid);
    }

    void os(Path f, RunLayout.Located where) throws IOException {
        List<ChartDef> defs = Charts.of(where.table());
        String node = where.source();
        Section s = section("node:" + node, k -> new Section("node", k, node, "Nodes", ""));
        Map<ChartDef, Map<String, Series[]>> cache = resolved(s);
        each(f, row -> {
            synchronized (s) {
                feed(s, cache, defs, row);
            }
        });
    }

    void container(Path f) throws IOException {
        String stem = ContainerTables.CONTAINER.sourceOf(f.getFileName().toString());
        Section[] section = new Section[1];
        List<Map<ChartDef, Map<String, Series[]>>> cache = new ArrayList<>(1);
        each(f, row -> {
            if (section[0] == null) {
                String node = row.text("node");
                String pod = row.text("pod");
                String ns = row.text("namespace");
                String title = !row.text("kube_container").isEmpty()
                        ? row.text("kube_container")
                        : !row.text("container_name").isEmpty() ? row.text("container_name") : stem;
                String group = pod.isEmpty() ? "Containers on " + node : "Pod " + (ns.isEmpty() ? "" : ns + "/") + pod;
                StringBuilder sub = new StringBuilder("node ").append(node);
                for (String c : new String[] {"image", "runtime", "qos_class"}) {
                    if (!row.text(c).isEmpty()) {
                        sub.append(" · ")
                                .append(c.equals("qos_class") ? "QoS " : "")
                                .append(row.text(c));
                    }
                }
                String key = "container:" + stem + "@" + node;
                section[0] = section(key, k -> new Section("container", k, title, group, sub.toString()));
                cache.add(resolved(section[0]));
            }
            byContainerId.putIfAbsent(row.text("container_id"), section[0]);
            synchronized (section[0]) {
                feed(section[0], cache.get(0), Charts.CONTAINER, row);
            }
        });
    }

    void processes(Path f) throws IOException {
        String[] lastId = {null};
        Section[] lastSection = {null};
        List<Map<ProcessCharts.ProcessKey, ProcessCharts.Process>> lastProcesses =
                new ArrayList<>(java.util.Collections.singletonList(null));
        each(f, row -> {
            // A process file is one container's: its id is the same row after row, and so are
            // its section and process map (looked up, under a lock, only when it changes).
            String id = row.text("container_id");
            if (!id.equals(lastId[0])) {
                lastId[0] = id;
                lastSection[0] = byContainerId.get(id);
                if (lastSection[0] != null) {
                    lastProcesses.set(0, processes.of(lastSection[0]));
                }
            }
            Section s = lastSection[0];
            if (s == null) {
                unplaced.incrementAndGet();
                return;
            }
            synchronized (s) {
                processes.add(lastProcesses.get(0), row);
            }
        });
    }

    /**
     * A table without a place of its own: a container table's rows join that container's
     * section (the container file of the same source and node), a process table's the section
     * of the container they name, any other table's a section of its own; drawn with the
     * table's charts ({@link Charts#of}: generic ones where it declares none).
     */
    void other(Path f, RunLayout.Located where) throws IOException {
        Table table = where.table();
        List<ChartDef> defs = Charts.of(table);
        Section[] section = new Section[1];
        List<Map<ChartDef, Map<String, Series[]>>> cache = new ArrayList<>(1);
        each(f, row -> {
            if (section[0] == null) {
                String node = row.text("node");
                Section found = null;
                if (table.monitor().equals(ContainerTables.CONTAINER.monitor())) {
                    String key = "container:" + where.source() + "@" + node;
                    found = section(
                            key,
                            k -> new Section("container", k, where.source(), "Containers on " + node, "node " + node));
                } else if (table.monitor().equals(ContainerTables.PROCESS.monitor())) {
                    found = byContainerId.get(row.text("container_id"));
                }
                if (found == null) {
                    String key = table.name() + ":" + where.source() + "@" + node;
                    found = section(
                            key,
                            k -> new Section("table", k, where.source(), "Table " + table.name(), table.description()));
                }
                section[0] = found;
                cache.add(resolved(found));
            }
            synchronized (section[0]) {
                feed(section[0], cache.get(0), defs, row);
            }
        });
    }

    /** Each container's top processes by CPU time and by peak memory, each set a chart. */
    void topProcesses() {
        processes.chartTop();
    }

    /**
     * Per section and chart declaration, its series resolved once (per device or interface for
     * charts drawn per column): looking them up by label for every row showed in the profile.
     */
    private final Map<Section, Map<ChartDef, Map<String, Series[]>>> resolved = new java.util.IdentityHashMap<>();

    private Section section(String key, java.util.function.Function<String, Section> make) {
        synchronized (sections) {
            return sections.computeIfAbsent(key, make);
        }
    }

    private Map<ChartDef, Map<String, Series[]>> resolved(Section section) {
        synchronized (resolved) {
            return resolved.computeIfAbsent(section, k -> new java.util.IdentityHashMap<>());
        }
    }

    /** One row into the section's charts; the caller holds the section's lock. */
    private void feed(
            Section section, Map<ChartDef, Map<String, Series[]>> bySection, List<ChartDef> defs, CsvRow row) {
        int b = grid.bucket(row.timestampMs());
        if (b < 0) {
            return;
        }
        for (ChartDef def : defs) {
            String column = def.perColumn() == null ? "" : row.text(def.perColumn());
            Series[] series = bySection
                    .computeIfAbsent(def, k -> new HashMap<>())
                    .computeIfAbsent(column, k -> {
                        Chart chart = section.chart(def.id(), def.title(), def.unit(), grid.buckets());
                        String prefix = column.isEmpty() ? "" : column + " ";
                        Series[] out = new Series[def.series().size()];
                        for (int i = 0; i < out.length; i++) {
                            ChartDef.SeriesDef sd = def.series().get(i);
                            out[i] = chart.series(prefix + sd.label(), sd.style());
                        }
                        return out;
                    });
            for (int i = 0; i < series.length; i++) {
                series[i].add(b, def.series().get(i).value().applyAsDouble(row));
            }
        }
    }

    /**
     * The events of a file, each aimed at the charts it concerns: a container's at its section
     * (found by container id among the container files read), a pod's at its pod's group, a
     * node's at its node, the collector's and the marks at every chart.
     */
    void events(Path f, List<EventRow> out) throws IOException {
        each(f, row -> {
            String node = row.text("node");
            String id = row.text("container_id");
            String pod = row.text("pod");
            String ns = row.text("namespace");
            String target;
            if (!id.isEmpty()) {
                Section s = byContainerId.get(id);
                target = s != null ? s.key() : "node:" + node;
            } else if (!pod.isEmpty()) {
                target = "Pod " + (ns.isEmpty() ? "" : ns + "/") + pod;
            } else if (Event.concernsAll(row.text("source"))) {
                target = EventRow.ALL;
            } else {
                target = "node:" + node;
            }
            String subject =
                    Event.subject(node, id, row.text("container_name"), pod, ns, row.text("pid"), row.text("source"));
            synchronized (out) {
                out.add(new EventRow(
                        row.timestampMs(),
                        node,
                        row.text("kind"),
                        subject,
                        row.text("detail"),
                        row.text("source"),
                        target));
            }
        });
    }

    private void each(Path f, java.util.function.Consumer<CsvRow> consumer) throws IOException {
        rows.addAndGet(CsvRow.readAll(Files.newInputStream(f), consumer));
        synchronized (this) {
            doneBytes += Files.size(f);
            progress.update(label, Math.min(doneBytes, totalBytes), totalBytes); // a file may grow meanwhile
        }
    }

    List<Section> sections() {
        List<Section> out = new ArrayList<>(sections.values());
        out.sort(Section.ORDER);
        return out;
    }
}
