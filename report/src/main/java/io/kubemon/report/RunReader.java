package io.kubemon.report;

import io.kubemon.common.schema.ContainerTables;
import io.kubemon.common.schema.EventsTable;
import io.kubemon.common.schema.OsTables;
import io.kubemon.common.schema.RunLayout;
import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.RunRecord;
import io.kubemon.common.wire.RunRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        Map<Path, RunLayout.Located> located =
                io.kubemon.common.schema.RunLayout.scan(dir).located();
        List<Path> osFiles = new ArrayList<>();
        List<Path> containerFiles = new ArrayList<>();
        List<Path> processFiles = new ArrayList<>();
        List<Path> otherFiles = new ArrayList<>();
        List<Path> eventFiles = new ArrayList<>();
        for (Path f : located.keySet()) {
            Table t = located.get(f).table();
            if (t == EventsTable.EVENTS) {
                eventFiles.add(f); // a timeline, not charts
            } else if (t.monitor().equals(OsTables.OS.monitor())) {
                osFiles.add(f);
            } else if (t == ContainerTables.CONTAINER) {
                containerFiles.add(f);
            } else if (t == ContainerTables.PROCESS) {
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
            FileSpan span = FileSpan.of(f);
            if (span != null) {
                start = Math.min(start, span.firstMs());
                end = Math.max(end, span.lastMs());
                if (interval <= 0) {
                    interval = span.intervalMs();
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
                .filter(p -> located.get(p).table() == OsTables.OS_DISK)
                .count();
        long nets = osFiles.stream()
                .filter(p -> located.get(p).table() == OsTables.OS_NET)
                .count();
        long nodes = osFiles.stream()
                .filter(p -> located.get(p).table() == OsTables.OS)
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

        // Every file read counts towards the progress, the events' too (left out, a small run's
        // progress went past 100 %).
        long totalBytes = 0;
        for (Path f : all) {
            totalBytes += Files.size(f);
        }
        for (Path f : eventFiles) {
            totalBytes += Files.size(f);
        }
        RunSections reading = new RunSections(
                grid,
                totalBytes,
                dir.getFileName() == null ? dir.toString() : dir.getFileName().toString(),
                progress);
        // Files in parallel, one per thread: host and container files first (process rows find
        // their container by id in what those made), then the process files.
        List<Path> first = new ArrayList<>(osFiles);
        first.addAll(containerFiles);
        ParallelFiles.each(first, options.threads(), f -> {
            if (f.getParent().getFileName().toString().equals("os")) {
                reading.os(f, located.get(f));
            } else {
                reading.container(f);
            }
        });
        // Then what attaches to those sections: the processes, and the tables without their own.
        ParallelFiles.each(processFiles, options.threads(), reading::processes);
        ParallelFiles.each(otherFiles, options.threads(), f -> reading.other(f, located.get(f)));
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
}
