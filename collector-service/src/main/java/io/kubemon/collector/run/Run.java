package io.kubemon.collector.run;

import io.kubemon.common.wire.ActiveRunMarker;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A run as configured at start; immutable.
 *
 * @param collectors the collector group the run was started across (every member's URL), fixed at its
 *                   start; empty for a collector on its own
 * @param self       this collector's URL in that group, or null
 */
public record Run(
        String runId,
        String outputDir,
        Path path,
        long intervalMs,
        Instant startedAt,
        List<String> collectors,
        String self) {

    /** The run the active-run marker recorded, its files in {@code dir}. */
    static Run of(ActiveRunMarker m, Path dir) {
        return new Run(
                m.runId(),
                m.outputDir(),
                dir,
                m.intervalMs(),
                m.startedAt(),
                m.collectors(),
                m.collectors().isEmpty() ? null : m.self());
    }
}
