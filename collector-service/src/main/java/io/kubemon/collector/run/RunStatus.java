package io.kubemon.collector.run;

import java.time.Instant;
import java.util.Map;

/** {@code GET /status}: the active run, or the last one with collecting=false. */
public record RunStatus(boolean collecting, String runId, String outputDir, String path, Long intervalMs,
                        Instant startedAt, Instant stoppedAt, long rows, long batches, long droppedRows,
                        Map<String, RunSummary.MonitorTotals> monitors) {
}
