package io.kubemon.bench;

import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.ContainerTables;
import io.kubemon.common.schema.Kind;
import io.kubemon.common.schema.OsTables;
import io.kubemon.common.schema.Table;
import io.kubemon.report.Report;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The report of a large run: makes a run of N nodes x C containers x P processes at 1 s for the
 * given duration with the collector's real writer (plus disk and network rows per node), then
 * times {@code kubemon report}'s work on it and, if Chromium is installed, the time until the page
 * has drawn what is in view. Figures go to BENCHMARKS.md.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.kubemon.bench.ReportLoad --dir /tmp/report-load
 *   --nodes 20 --containers 20 --processes 5 --seconds 3600 [--shape uniform|recorded] [--make-only]</pre>
 *
 * <p>{@code --shape uniform} (the default, what the report's figures were measured on) fills every
 * number with uniform noise; {@code recorded} gives them a recorded run's shape ({@link
 * RecordedShape}), the fair input for anything that compresses.
 */
public final class ReportLoad {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of("/tmp/kubemon-report-load");
        int nodes = 20;
        int containers = 20;
        int processes = 5;
        int seconds = 3600;
        boolean reuse = false;
        boolean recorded = false;
        boolean makeOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--containers" -> containers = Integer.parseInt(args[++i]);
                case "--processes" -> processes = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--reuse" -> reuse = true;
                case "--make-only" -> makeOnly = true;
                case "--shape" ->
                    recorded = switch (args[++i]) {
                        case "uniform" -> false;
                        case "recorded" -> true;
                        default -> throw new IllegalArgumentException("--shape is uniform or recorded, not " + args[i]);
                    };
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path run = dir.resolve("run");
        if (!reuse || !Files.isDirectory(run)) {
            long t0 = System.nanoTime();
            long rows = make(run, nodes, containers, processes, seconds, recorded ? new RecordedShape(42) : null);
            System.out.printf(
                    Locale.ROOT,
                    "made %d rows with the collector's writer in %.1f s (%d nodes x %d containers x %d processes, %d s at 1 s)%n",
                    rows,
                    (System.nanoTime() - t0) / 1e9,
                    nodes,
                    containers,
                    processes,
                    seconds);
        }
        long bytes = 0;
        try (var s = Files.walk(run)) {
            bytes = s.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
        System.out.printf(Locale.ROOT, "run files: %.0f MiB%n", bytes / 1048576.0);
        if (makeOnly) {
            return;
        }

        Path html = dir.resolve("report.html");
        for (int rep = 0; rep < 3; rep++) {
            System.gc();
            long t0 = System.nanoTime();
            Report.Summary summary;
            try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
                summary = new Report(Report.Options.defaults()).write(List.of(run), w, Report.Progress.NONE);
            }
            double took = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "report %d: %.2f s, %.1f MiB, %d sections, %d charts, %d series, %d rows read%n",
                    rep + 1,
                    took,
                    Files.size(html) / 1048576.0,
                    summary.sections(),
                    summary.charts(),
                    summary.series(),
                    summary.rows());
        }
        System.out.printf(
                Locale.ROOT,
                "heap used after: %.0f MiB (max %.0f MiB)%n",
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
        Path chromium = Path.of("/usr/bin/chromium");
        if (Files.isExecutable(chromium)) {
            for (int rep = 0; rep < 3; rep++) {
                Path profile = Files.createTempDirectory("kubemon-chromium-");
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(
                                chromium.toString(),
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--user-data-dir=" + profile,
                                "--window-size=1400,1000",
                                "--virtual-time-budget=1000",
                                "--dump-dom",
                                html.toUri().toString())
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(300, TimeUnit.SECONDS);
                double wall = (System.nanoTime() - t0) / 1e9;
                int at = dom.indexOf("\"lastDrawMs\":");
                String drawn = at < 0 ? "?" : dom.substring(at + 13, dom.indexOf('}', at));
                int st = dom.indexOf("id=\"kubemon-state\"");
                String state = st < 0 ? "" : dom.substring(st, dom.indexOf("</pre>", st));
                long charts = state.split("&quot;chart&quot;|\"chart\"", -1).length - 1;
                System.out.printf(
                        Locale.ROOT,
                        "chromium %d: first view drawn %s ms after navigation start (%d charts in view), process wall %.1f s%n",
                        rep + 1,
                        drawn,
                        charts,
                        wall);
            }
        }
    }

    /** Every table's rows for every tick, as agents would send them, through the collector's own writer. */
    static long make(Path run, int nodes, int containers, int processes, int seconds, RecordedShape shape)
            throws Exception {
        Files.createDirectories(run);
        long start = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        long rows = 0;
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        try (BenchmarkRunWriter w = new BenchmarkRunWriter(run)) {
            for (int n = 0; n < nodes; n++) {
                String node = "node-" + n;
                String agent = "agent-" + n;
                for (int s = 0; s < seconds; s++) {
                    long ts = start + s * 1000L;
                    w.row(OsTables.OS, node, ts, 1000, cells(OsTables.OS, random, null, shape, node));
                    for (String dev : List.of("nvme0n1", "nvme1n1")) {
                        w.row(
                                OsTables.OS_DISK,
                                node,
                                ts,
                                1000,
                                cells(OsTables.OS_DISK, random, new String[] {dev}, shape, node + "/" + dev));
                    }
                    for (String nic : List.of("lo", "eth0", "eth1")) {
                        w.row(
                                OsTables.OS_NET,
                                node,
                                ts,
                                1000,
                                cells(OsTables.OS_NET, random, new String[] {nic}, shape, node + "/" + nic));
                    }
                    for (int c = 0; c < containers; c++) {
                        String id = String.format("%064x", (long) n * 1000 + c);
                        String name = "ns" + (c % 4) + "_pod-" + n + "-" + c + "_app";
                        String[] labels = {
                            id,
                            "app",
                            "registry/app:1",
                            "pod-" + n + "-" + c,
                            "ns" + (c % 4),
                            "app",
                            "uid-" + n + "-" + c,
                            "burstable"
                        };
                        w.row(
                                ContainerTables.CONTAINER,
                                name,
                                ts,
                                1000,
                                cells(ContainerTables.CONTAINER, random, labels, shape, name));
                        for (int p = 0; p < processes; p++) {
                            String[] pl = java.util.Arrays.copyOf(labels, 12);
                            pl[8] = Integer.toString(1000 + c * 10 + p);
                            pl[9] = "1";
                            pl[10] = "/usr/bin/worker --id " + p + " --threads 4";
                            pl[11] = "S";
                            w.row(
                                    ContainerTables.PROCESS,
                                    name,
                                    ts,
                                    1000,
                                    cells(ContainerTables.PROCESS, random, pl, shape, name + "/" + p));
                        }
                    }
                    rows += 1 + 2 + 3 + containers * (1L + processes);
                    w.flush(node, agent, s + 1);
                }
            }
        }
        return rows;
    }

    /**
     * Labels first (in column order), then numbers: uniform noise by kind (counters below 10^5,
     * gauges below 2^33), or with {@code shape} a recorded run's shape for the series {@code key}.
     */
    private static String[] cells(
            Table t, java.util.SplittableRandom r, String[] labels, RecordedShape shape, String key) {
        List<Column> cols = t.columns();
        String[] out = new String[cols.size()];
        String series = shape == null ? null : t.name() + "/" + key; // once per row, not per cell
        int l = 0;
        for (int i = 0; i < out.length; i++) {
            Column c = cols.get(i);
            if (c.kind() == Kind.LABEL) {
                out[i] = labels != null && l < labels.length ? labels[l++] : "";
            } else if (labels != null
                    && l < labels.length
                    && (c.name().equals("pid") || c.name().equals("ppid"))) {
                out[i] = labels[l++];
            } else if (c.name().equals("start_time_seconds")) {
                out[i] = "1000"; // with the pid, the process's identity across ticks
            } else if (shape != null) {
                out[i] = shape.cell(series, cols, i, t == ContainerTables.PROCESS);
            } else if (c.kind() == Kind.COUNTER) {
                out[i] = c.unit().equals("seconds")
                        ? Double.toString(Math.round(r.nextDouble() * 1e4) / 1e4)
                        : Long.toString(r.nextLong(100_000));
            } else {
                out[i] = Long.toString(r.nextLong(1L << 33));
            }
        }
        return out;
    }
}
