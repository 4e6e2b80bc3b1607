package io.kubemon.report;

import java.nio.file.Path;
import java.util.List;

/**
 * One run as the report draws it.
 *
 * @param meta     its run.json (null for a run directory without one: an active run of an old collector)
 * @param events   its events table, in time order
 * @param rows     data rows read
 * @param unplaced process rows whose container has no file in the run (counted, and said in the report)
 */
record RunData(
        Path dir,
        String runId,
        io.kubemon.common.wire.RunRecord meta,
        Grid grid,
        List<Section> sections,
        List<EventRow> events,
        long rows,
        long unplaced) {}
