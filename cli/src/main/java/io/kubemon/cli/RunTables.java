package io.kubemon.cli;

import io.kubemon.common.schema.RunLayout;
import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.RunRecord;
import io.kubemon.common.wire.RunRecords;
import io.kubemon.common.wire.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A run directory read for analysis: its CSV files by table (each located by {@link
 * RunLayout#locate}, so a table added later is found without an edit here), its run.json, and
 * whether it may still be written to. A collector group's fetched run has the same layout.
 *
 * @param record  run.json, or null where the run has none yet
 * @param active  whether files may still grow (its run.json says it is not finished)
 * @param files   each known table's files, in the order of {@link Schemas#ALL}, tables without files left out
 * @param unknown files of no table this build knows, by their path in the run
 */
record RunTables(Path dir, RunRecord record, boolean active, Map<Table, List<Path>> files, List<String> unknown) {

    /** The run's id (run.json's, else the directory's name). */
    String runId() {
        return record != null && record.runId() != null
                ? record.runId()
                : dir.toAbsolutePath().normalize().getFileName().toString();
    }

    /** Reads a run directory; one that is not a run is refused in words (exit 2). */
    static RunTables of(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new io.kubemon.common.schema.RunLayout.NotARunException(dir);
        }
        Path json = dir.resolve("run.json");
        RunRecord record = null;
        if (Files.isRegularFile(json)) {
            try {
                record = RunRecords.readRecord(json);
            } catch (IOException | RuntimeException e) {
                throw new CliException(ExitCodes.USAGE, json + " does not read as a run's record: " + e.getMessage());
            }
        }
        if (!io.kubemon.common.schema.RunLayout.holdsRun(dir)) {
            throw new io.kubemon.common.schema.RunLayout.NotARunException(dir);
        }
        io.kubemon.common.schema.RunLayout.Scan scan;
        try {
            scan = io.kubemon.common.schema.RunLayout.scan(dir);
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot list " + dir + ": " + e.getMessage());
        }
        // The collector writes run.json when a run starts: without one, no collector writes here.
        boolean active = record != null && record.state() != RunState.FINISHED;
        return new RunTables(dir, record, active, scan.byTable(), scan.unknown());
    }
}
