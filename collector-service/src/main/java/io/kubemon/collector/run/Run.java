package io.kubemon.collector.run;

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
        String self) {}
