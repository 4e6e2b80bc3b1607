package io.kubemon.bench;

import io.kubemon.collector.store.CsvRunWriter;
import io.kubemon.collector.store.Row;
import io.kubemon.common.schema.ContainerTables;
import io.kubemon.common.schema.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The in-process ceiling for the load driver: the same rows, appended by the collector's own
 * CsvRunWriter (same journal, same fsync policy), with no HTTP and no JSON.
 * benchmarks/scripts/collector-load.sh runs it with the collector's JVM options, for as long as
 * the end-to-end run.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.kubemon.bench.WriterCeiling --agents 8 --rows 500 --duration 30 --fsync interval</pre>
 */
public final class WriterCeiling {
    public static void main(String[] args) throws Exception {
        int agents = 8;
        int rowsArg = 500;
        int seconds = 15;
        int warmupArg = 10;
        String fsync = "batch";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--agents" -> agents = Integer.parseInt(args[++i]);
                case "--rows" -> rowsArg = Integer.parseInt(args[++i]);
                case "--duration" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmupArg = Integer.parseInt(args[++i]);
                case "--fsync" -> fsync = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int rowsPerBatch = rowsArg;
        Path dir = Files.createTempDirectory("kubemon-ceiling");
        Table t = ContainerTables.CONTAINER;
        List<List<Row>> batches = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            List<Row> rows = new ArrayList<>();
            for (int r = 0; r < rowsPerBatch; r++) {
                String[] cells = new String[t.columns().size()];
                Arrays.fill(cells, "");
                for (int c = 0; c < 30; c++) {
                    cells[c] = c < 8 ? "label-" + r % 50 : Long.toString(1_000_000L + r * 7L + c);
                }
                rows.add(new Row(t, t.fileName("c" + (r % 50)), 1_764_000_000_000L, 1000, cells));
            }
            batches.add(rows);
        }
        // One thread per simulated agent, as the HTTP threads of the end-to-end run, so the
        // writer's group commit sees the same concurrency with and without HTTP.
        java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
        long start = System.nanoTime() + warmupArg * 1_000_000_000L; // counted from the end of the warm-up
        long deadline = start + seconds * 1_000_000_000L;
        if (!List.of("batch", "interval", "none").contains(fsync)) {
            throw new IllegalArgumentException("--fsync takes batch, interval or none, not " + fsync);
        }
        try (CsvRunWriter w = new CsvRunWriter(dir, fsync.equals("batch"))) {
            // The collector's "interval" policy: every file and the journal forced once a second.
            java.util.concurrent.ScheduledExecutorService syncer =
                    java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            if (fsync.equals("interval")) {
                syncer.scheduleWithFixedDelay(
                        () -> {
                            try {
                                w.sync();
                            } catch (java.io.IOException e) {
                                // A scheduled task's exception only cancels it: say so, or the ceiling
                                // would go on without its fsyncs and read high.
                                System.err.println("ceiling: periodic fsync failed, figures are void: " + e);
                                throw new java.io.UncheckedIOException(e);
                            }
                        },
                        1,
                        1,
                        java.util.concurrent.TimeUnit.SECONDS);
            }
            List<Thread> threads = new ArrayList<>();
            for (int a = 0; a < agents; a++) {
                int agent = a;
                Thread th = new Thread(() -> {
                    long seq = 0;
                    while (System.nanoTime() < deadline) {
                        seq++;
                        try {
                            w.append("load-" + agent, "agent-" + agent, seq, batches.get(agent));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        if (System.nanoTime() >= start) {
                            total.addAndGet(rowsPerBatch);
                        }
                    }
                });
                th.start();
                threads.add(th);
            }
            for (Thread th : threads) {
                th.join();
            }
            syncer.shutdownNow();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "in-process ceiling: rows=%d rows/s=%.0f (fsync %s, %d threads)%n",
                total.get(), total.get() / elapsed, fsync, agents);
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
