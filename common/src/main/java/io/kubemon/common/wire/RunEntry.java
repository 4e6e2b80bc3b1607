package io.kubemon.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One run in {@code GET /runs}: what its run.json says (for the active run, its state and rows as
 * they are now), its size on the volume and where its report and files are served.
 *
 * @param nodes  the nodes whose inventory its run.json holds
 * @param store  for the active run only: the data volume's state
 * @param error  why its run.json could not be read (the other fields from it are then null)
 * @param bytes  the run directory's size; -1 when it cannot be walked
 */
public record RunEntry(
        String outputDir,
        String runId,
        Long intervalMs,
        Instant startedAt,
        Instant stopAt,
        Instant finishedAt,
        RunState state,
        Long rows,
        Long missingRows,
        Long droppedRows,
        Boolean complete,
        List<String> nodes,
        @JsonInclude(JsonInclude.Include.NON_NULL) StoreReport store,
        @JsonInclude(JsonInclude.Include.NON_NULL) String error,
        long bytes,
        String report,
        String files) {

    /** {@code GET /runs}: the data root, its volume, and every run directory under it. */
    public record Listing(String dataDir, StoreReport store, List<RunEntry> runs) {}
}
