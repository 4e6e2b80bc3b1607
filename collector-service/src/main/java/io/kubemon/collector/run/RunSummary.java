package io.kubemon.collector.run;

import java.time.Instant;
import java.util.Map;

/** What {@code POST /stop} answers and {@code run.json} keeps: rows and files per monitor. */
public record RunSummary(String runId, String outputDir, String path, long intervalMs, Instant startedAt,
                         Instant stoppedAt, long rows, long batches, Map<String, MonitorTotals> monitors) {

    public record MonitorTotals(long files, long rows) {
    }
}
