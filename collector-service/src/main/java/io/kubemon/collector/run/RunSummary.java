package io.kubemon.collector.run;

import java.time.Instant;
import java.util.Map;

/**
 * What {@code POST /stop} answers and {@code run.json} keeps: rows and files per monitor, and the
 * rows agents reported they had to drop (so a gap in the data is never silent).
 */
public record RunSummary(String runId, String outputDir, String path, long intervalMs, Instant startedAt,
                         Instant stoppedAt, long rows, long batches, long droppedRows, Map<String, MonitorTotals> monitors) {

    public record MonitorTotals(long files, long rows) {
    }
}
