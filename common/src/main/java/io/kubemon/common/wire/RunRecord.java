package io.kubemon.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run's own record, {@code run.json} in its directory: written by the collector at the start
 * (what the run is) and at the finish (what it holds, what is missing and why), read by the CLI
 * (fetch, merge of a group's parts), the report and the collector's run listing. Absent values are
 * JSON null; fields a newer collector adds are ignored on read ({@link RunRecords}).
 *
 * @param formatVersion     {@link RunRecords#FORMAT_VERSION} of the collector that wrote it (absent before: 0)
 * @param collectors        the collector group the run was started across; empty for a collector alone
 * @param collector         which member wrote this file, in a group
 * @param schemaVersions    each table's version when the run started
 * @param nodes             each node's inventory as its agent reported it
 * @param state             null at the start; {@link RunState#FINISHED} at the finish
 * @param stoppedAt         when the stop was asked for
 * @param stopAt            the stop instant: no tick after it belongs to the run
 * @param finishedAt        when the files were closed
 * @param droppedRows       rows agents dropped, over every agent
 * @param missingRows       rows sampled and not in the files, over agents whose account is known
 * @param complete          every agent's account is known and nothing it sampled is missing
 * @param nodeCollectors    in a run fetched from a collector group, each node's collector (null otherwise)
 * @param fetchedFrom       in a run fetched from a collector group, each member's part (null otherwise)
 */
public record RunRecord(
        int formatVersion,
        String runId,
        String outputDir,
        long intervalMs,
        Instant startedAt,
        List<String> collectors,
        String collector,
        Map<String, Integer> schemaVersions,
        Map<String, NodeInventory> nodes,
        RunState state,
        Instant stoppedAt,
        Instant stopAt,
        Instant finishedAt,
        Long rows,
        Long batches,
        Long droppedRows,
        Long missingRows,
        Boolean complete,
        Map<String, MonitorTotals> monitors,
        List<AgentAccount> agents,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> nodeCollectors,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<FetchedPart> fetchedFrom) {

    /**
     * One member's part of a run fetched from a collector group.
     *
     * @param state null for a member whose part could not be fetched
     * @param fetched whether its files and run.json are in the fetched run
     */
    public record FetchedPart(String url, boolean fetched, RunState state, long rows, int nodes) {}

    public RunRecord {
        collectors = collectors == null ? List.of() : List.copyOf(collectors);
        schemaVersions = schemaVersions == null ? Map.of() : schemaVersions;
        nodes = nodes == null ? Map.of() : nodes;
        monitors = monitors == null ? Map.of() : monitors;
        agents = agents == null ? List.of() : List.copyOf(agents);
    }

    /** Whether the record is the finish's (the run's files are closed). */
    public boolean finished() {
        return state == RunState.FINISHED;
    }
}
