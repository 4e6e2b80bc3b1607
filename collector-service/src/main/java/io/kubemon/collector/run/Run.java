package io.kubemon.collector.run;

import java.nio.file.Path;
import java.time.Instant;

/** A run as configured at start; immutable. */
public record Run(String runId, String outputDir, Path path, long intervalMs, Instant startedAt) {
}
