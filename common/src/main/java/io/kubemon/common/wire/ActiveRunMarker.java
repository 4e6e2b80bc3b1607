package io.kubemon.common.wire;

import java.time.Instant;
import java.util.List;

/**
 * The collector's active run, {@code <data-dir>/.kubemon-active-run.json}: what a restarted
 * collector resumes. Written at the start and at the stop, removed once the run is finished.
 *
 * @param self           this collector's URL in the run's group, or null alone
 * @param stopAtMs       the stop instant once the run is stopping, else null
 * @param stopRequestedAt when the stop was asked for, else null
 */
public record ActiveRunMarker(
        String runId,
        String outputDir,
        long intervalMs,
        Instant startedAt,
        List<String> collectors,
        String self,
        Long stopAtMs,
        Instant stopRequestedAt) {

    public ActiveRunMarker {
        collectors = collectors == null ? List.of() : List.copyOf(collectors);
    }
}
