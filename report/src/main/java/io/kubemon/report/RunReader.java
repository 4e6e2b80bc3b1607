package io.kubemon.report;

import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.RunRecord;
import io.kubemon.common.wire.RunRecords;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one run directory into sections of charts, one file at a time and downsampled on the way
 * in, so a long run of a large cluster needs memory for its buckets only, never for its rows.
 */
final class RunReader {
    /** Series a file of each kind makes, roughly: to share the point budget before reading. */
    private static final int SERIES_PER_NODE = 30;

    private static final int SERIES_PER_DISK_FILE = 8;
    private static final int SERIES_PER_NET_FILE = 6;
    private static final int SERIES_PER_CONTAINER = 20 + 2 * Charts.TOP_PROCESSES;

    private final JsonMapper json = JsonMapper.builder().build();
    private final Report.Options options;
    private final Report.Progress progress;

    RunReader(Report.Options options, Report.Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    RunData read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new io.kubemon.common.schema.RunLayout.NotARunException(dir);
        }
        Path runJson = dir.resolve("run.json");
        // Every file located by its table (RunLayout.scan); drawn by the table's charts, or by
        // generic ones for a table that declares none. A file of no known table is not drawn.
        Map<Path, Schemas.Located> located =
                io.kubemon.common.schema.RunLayout.scan(dir).located();
        List<Path> osFiles = new ArrayList<>();
        List<Path> containerFiles = new ArrayList<>();
        List<Path> processFiles = new ArrayList<>();
        List<Path> otherFiles = new ArrayList<>();
        List<Path> eventFiles = new ArrayList<>();
        for (Path f : located.keySet()) {
            Table t = located.get(f).table();
            if (t == Schemas.EVENTS) {
                eventFiles.add(f); // a timeline, not charts
            } else if (t.monitor().equals(Schemas.OS.monitor())) {
                osFiles.add(f);
            } else if (t == Schemas.CONTAINER) {
                containerFiles.add(f);
            } else if (t == Schemas.PROCESS) {
                processFiles.add(f);
            } else {
                otherFiles.add(f);
            }
        }
        if (!Files.isRegularFile(runJson) && osFiles.isEmpty() && containerFiles.isEmpty()) {
            throw new io.kubemon.common.schema.RunLayout.NotARunException(dir);
        }
        // Read by the same type the collector writes it with; earlier versions' files read too.
        RunRecord meta = Files.isRegularFile(runJson) ? RunRecords.readRecord(runJson) : null;

        List<Path> all = new ArrayList<>(osFiles);
        all.addAll(containerFiles);
        all.addAll(processFiles);
        all.addAll(otherFiles);
        long interval = meta != null ? meta.intervalMs() : 0;
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        if (meta != null && meta.startedAt() != null) {
            start = meta.startedAt().toEpochMilli();
        }
        for (Path f : all) {
            long[] firstLast = firstAndLast(f);
            if (firstLast != null) {
                start = Math.min(start, firstLast[0]);
                end = Math.max(end, firstLast[1]);
                if (interval <= 0) {
                    interval = firstLast[2];
                }
            }
        }
        if (interval <= 0) {
            interval = 1000;
        }
        if (start == Long.MAX_VALUE) {
            start = end == Long.MIN_VALUE ? 0 : end;
        }
        if (end == Long.MIN_VALUE) {
            end = start;
        }

        long disks = osFiles.stream()
                .filter(p -> located.get(p).table() == Schemas.OS_DISK)
                .count();
        long nets = osFiles.stream()
                .filter(p -> located.get(p).table() == Schemas.OS_NET)
                .count();
        long nodes = osFiles.stream()
                .filter(p -> located.get(p).table() == Schemas.OS)
                .count();
        long others = osFiles.size() - nodes - disks - nets + otherFiles.size();
        long estimate = Math.max(
                1,
                nodes * SERIES_PER_NODE
                        + disks * SERIES_PER_DISK_FILE
                        + nets * SERIES_PER_NET_FILE
                        + others * SERIES_PER_DISK_FILE
                        + containerFiles.size() * (long) SERIES_PER_CONTAINER);
        int points = (int) Math.max(
                options.minPointsPerSeries(), Math.min(options.maxPointsPerSeries(), options.pointBudget() / estimate));
        Grid grid = Grid.fitting(start, end, interval, points);

        long totalBytes = 0;
        for (Path f : all) {
            totalBytes += Files.size(f);
        }
        Reading reading = new Reading(
                grid,
                totalBytes,
                dir.getFileName() == null ? dir.toString() : dir.getFileName().toString());
        // Files in parallel, one per thread: host and container files first (process rows find
        // their container by id in what those made), then the process files.
        List<Path> first = new ArrayList<>(osFiles);
        first.addAll(containerFiles);
        parallel(first, f -> {
            if (f.getParent().getFileName().toString().equals("os")) {
                reading.os(f, located.get(f));
            } else {
                reading.container(f);
            }
        });
        // Then what attaches to those sections: the processes, and the tables without their own.
        parallel(processFiles, reading::processes);
        parallel(otherFiles, f -> reading.other(f, located.get(f)));
        reading.topProcesses();
        List<EventRow> events = new ArrayList<>();
        for (Path f : eventFiles) {
            reading.events(f, events);
        }
        events.sort(java.util.Comparator.comparingLong(EventRow::timestampMs));
        String runId = meta != null && meta.runId() != null
                ? meta.runId()
                : dir.getFileName().toString();
        return new RunData(
                dir, runId, meta, grid, reading.sections(), events, reading.rows.get(), reading.unplaced.get());
    }

    private interface FileWork {
        void read(Path f) throws IOException;
    }

    private void parallel(List<Path> files, FileWork work) throws IOException {
        int threads = Math.max(1, Math.min(files.size(), options.threads()));
        if (threads == 1) {
            for (Path f : files) {
                work.read(f);
            }
            return;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "kubemon-report-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> {
                    work.read(f);
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> fu : futures) {
                try {
                    fu.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IOException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while reading the run");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }

    /**
     * The files of a monitor's directory that hold a known table, each located (its table and
     * source, by {@link Schemas#locate}); a file of no known table is not one of them.
     */
    /**
     * The first and last timestamps of a file and its first row's interval, read from its head and
     * tail only; null for a file without rows.
     */
    static long[] firstAndLast(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long size = raf.length();
            byte[] head = new byte[(int) Math.min(size, 64 * 1024)];
            raf.readFully(head);
            String[] headLines = new String(head, StandardCharsets.UTF_8).split("\n", 3);
            if (headLines.length < 2) {
                return null;
            }
            Long first = timestamp(headLines[1]);
            if (first == null) {
                return null;
            }
            long interval = intervalCell(headLines[1]);
            int tailLen = (int) Math.min(size, 64 * 1024);
            byte[] tail = new byte[tailLen];
            raf.seek(size - tailLen);
            raf.readFully(tail);
            String[] lines = new String(tail, StandardCharsets.UTF_8).split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                Long t = timestamp(lines[i]);
                if (t != null) {
                    return new long[] {first, Math.max(first, t), interval};
                }
            }
            return new long[] {first, first, interval};
        }
    }

    private static Long timestamp(String line) {
        int comma = line.indexOf(',');
        if (comma < 20) {
            return null;
        }
        try {
            return Instant.parse(line.substring(0, comma)).toEpochMilli();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long intervalCell(String line) {
        String[] cells = line.split(",", 3);
        try {
            return cells.length > 1 ? Math.round(Double.parseDouble(cells[1])) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The state of reading one run. */
    private final class Reading {
        final Grid grid;
        final long totalBytes;
        final String label;
        long doneBytes;
        final java.util.concurrent.atomic.AtomicLong rows = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong unplaced = new java.util.concurrent.atomic.AtomicLong();
        /** Guarded by itself; a section's own charts and series by the section (files are read in parallel). */
        final Map<String, Section> sections = new LinkedHashMap<>();

        final Map<String, Section> byContainerId = new java.util.concurrent.ConcurrentHashMap<>();
        /** Per container section, its processes by pid/start time. */
        final Map<Section, Map<ProcessKey, Process>> processes =
                new java.util.IdentityHashMap<>(); // sections change as they fill

        Reading(Grid grid, long totalBytes, String label) {
            this.grid = grid;
            this.totalBytes = totalBytes;
            this.label = label;
        }

        void os(Path f, Schemas.Located where) throws IOException {
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
            String stem = Schemas.CONTAINER.sourceOf(name(f));
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
                    String group =
                            pod.isEmpty() ? "Containers on " + node : "Pod " + (ns.isEmpty() ? "" : ns + "/") + pod;
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
            List<Map<ProcessKey, Process>> lastProcesses = new ArrayList<>(java.util.Collections.singletonList(null));
            each(f, row -> {
                // A process file is one container's: its id is the same row after row, and so are
                // its section and process map (looked up, under a lock, only when it changes).
                String id = row.text("container_id");
                if (!id.equals(lastId[0])) {
                    lastId[0] = id;
                    lastSection[0] = byContainerId.get(id);
                    if (lastSection[0] != null) {
                        synchronized (processes) {
                            lastProcesses.set(0, processes.computeIfAbsent(lastSection[0], k -> new LinkedHashMap<>()));
                        }
                    }
                }
                Section s = lastSection[0];
                if (s == null) {
                    unplaced.incrementAndGet();
                    return;
                }
                ProcessKey key = new ProcessKey(row.num("pid"), row.num("start_time_seconds"));
                Map<ProcessKey, Process> ofSection = lastProcesses.get(0);
                synchronized (s) {
                    Process p = ofSection.computeIfAbsent(key, k -> {
                        String cmd = row.text("command");
                        return new Process(
                                row.text("pid") + " " + (cmd.length() > 40 ? cmd.substring(0, 40) + "…" : cmd),
                                grid.buckets());
                    });
                    int b = grid.bucket(row.timestampMs());
                    p.cpu.add(b, row.rateSum("cpu_user_seconds", "cpu_system_seconds"));
                    p.rss.add(b, row.num("memory_rss_bytes"));
                }
            });
        }

        /**
         * A table without a place of its own: a container table's rows join that container's
         * section (the container file of the same source and node), a process table's the section
         * of the container they name, any other table's a section of its own; drawn with the
         * table's charts ({@link Charts#of}: generic ones where it declares none).
         */
        void other(Path f, Schemas.Located where) throws IOException {
            Table table = where.table();
            List<ChartDef> defs = Charts.of(table);
            Section[] section = new Section[1];
            List<Map<ChartDef, Map<String, Series[]>>> cache = new ArrayList<>(1);
            each(f, row -> {
                if (section[0] == null) {
                    String node = row.text("node");
                    Section found = null;
                    if (table.monitor().equals(Schemas.CONTAINER.monitor())) {
                        String key = "container:" + where.source() + "@" + node;
                        found = section(
                                key,
                                k -> new Section(
                                        "container", k, where.source(), "Containers on " + node, "node " + node));
                    } else if (table.monitor().equals(Schemas.PROCESS.monitor())) {
                        found = byContainerId.get(row.text("container_id"));
                    }
                    if (found == null) {
                        String key = table.name() + ":" + where.source() + "@" + node;
                        found = section(
                                key,
                                k -> new Section(
                                        "table", k, where.source(), "Table " + table.name(), table.description()));
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
            processes.forEach((section, procs) -> {
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
                java.util.function.Function<Process, Series> which) {
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
                String subject;
                if (!id.isEmpty()) {
                    Section s = byContainerId.get(id);
                    target = s != null ? s.key() : "node:" + node;
                    String name = row.text("container_name");
                    subject = "container " + (name.isEmpty() ? id.substring(0, Math.min(12, id.length())) : name)
                            + (pod.isEmpty() ? "" : " of pod " + (ns.isEmpty() ? "" : ns + "/") + pod);
                } else if (!pod.isEmpty()) {
                    target = "Pod " + (ns.isEmpty() ? "" : ns + "/") + pod;
                    subject = "pod " + (ns.isEmpty() ? "" : ns + "/") + pod;
                } else if ("collector".equals(row.text("source")) || "mark".equals(row.text("source"))) {
                    target = EventRow.ALL;
                    subject = "";
                } else {
                    target = "node:" + node;
                    subject = "node " + node;
                }
                String pid = row.text("pid");
                synchronized (out) {
                    out.add(new EventRow(
                            row.timestampMs(),
                            node,
                            row.text("kind"),
                            pid.isEmpty() ? subject : subject + " pid " + pid,
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
                progress.update(label, doneBytes, totalBytes);
            }
        }

        List<Section> sections() {
            List<Section> out = new ArrayList<>(sections.values());
            out.sort(Section.ORDER);
            return out;
        }
    }

    /** A process across ticks: its pid and start time (a pid reused later is another process). */
    private record ProcessKey(double pid, double startTime) {}

    /** One process of a container: its CPU and memory series, ranked afterwards. */
    private static final class Process {
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
