package io.kubemon.collector.run;

import java.time.Instant;
import java.util.List;

/**
 * Body of {@code POST /start}. A user sends {@code outputDir} and maybe {@code intervalMs}; the
 * collector that fans a group's start out to its peers adds the run's id, start instant and the
 * group ({@code ?scope=local} calls only), so every member starts the same run.
 */
public record StartRequest(
        String outputDir, Long intervalMs, String runId, Instant startedAt, List<String> collectors) {

    public StartRequest(String outputDir, Long intervalMs) {
        this(outputDir, intervalMs, null, null, null);
    }
}
