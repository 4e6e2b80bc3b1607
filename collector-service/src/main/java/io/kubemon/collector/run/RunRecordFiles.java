package io.kubemon.collector.run;

import io.kubemon.collector.agents.AgentRegistry;
import io.kubemon.collector.volume.DataRoot;
import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.ActiveRunMarker;
import io.kubemon.common.wire.AgentAccount;
import io.kubemon.common.wire.AgentState;
import io.kubemon.common.wire.Instance;
import io.kubemon.common.wire.NodeInventory;
import io.kubemon.common.wire.RunRecord;
import io.kubemon.common.wire.RunRecords;
import io.kubemon.common.wire.RunStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A run's records on the data volume: its {@code run.json} (at the start, what the run is; at the
 * finish, what it holds) and the collector's active-run marker, both replaced atomically through
 * {@link RunRecords}. A failed write throws {@link UncheckedIOException}: the volume's fault, which
 * the caller takes to the store's health.
 */
@Component
class RunRecordFiles {
    private static final Logger log = LoggerFactory.getLogger(RunRecordFiles.class);
    static final String MARKER = ".kubemon-active-run.json";

    private final DataRoot dataRoot;
    private final AgentRegistry agents;
    /** The nodes written at a run's start, so the end keeps those whose agent is gone by then. */
    private final Map<String, Map<String, NodeInventory>> startNodes = new java.util.concurrent.ConcurrentHashMap<>();

    RunRecordFiles(DataRoot dataRoot, AgentRegistry agents) {
        this.dataRoot = dataRoot;
        this.agents = agents;
    }

    Path markerFile() {
        return dataRoot.path().resolve(MARKER);
    }

    void writeMarker(Run run, Stopping st) {
        write(
                markerFile(),
                new ActiveRunMarker(
                        run.runId(),
                        run.outputDir(),
                        run.intervalMs(),
                        run.startedAt(),
                        run.collectors(),
                        run.self(),
                        st == null ? null : st.stopAtMs(),
                        st == null ? null : st.requestedAt()));
    }

    /**
     * The run the marker names, as it was when the collector went down, or null when there is none.
     *
     * @throws IOException the marker cannot be read
     */
    ActiveRunMarker readMarker() throws IOException {
        Path file = markerFile();
        return Files.exists(file) ? RunRecords.readMarker(file) : null;
    }

    void deleteMarker() {
        try {
            Files.deleteIfExists(markerFile());
        } catch (IOException e) {
            log.error("cannot delete {}: the stopped run would resume after a restart", markerFile(), e);
        }
    }

    /** run.json: at the start ({@code summary} null) what the run is; at the finish what it holds. */
    void writeRunFile(Run run, RunStatus summary) {
        Map<String, Integer> versions = new LinkedHashMap<>();
        for (Table t : Schemas.ALL) {
            versions.put(t.name(), t.version());
        }
        boolean grouped = !run.collectors().isEmpty();
        write(
                run.path().resolve("run.json"),
                new RunRecord(
                        RunRecords.FORMAT_VERSION,
                        run.runId(),
                        run.outputDir(),
                        run.intervalMs(),
                        run.startedAt(),
                        // The group the run was started across, and which member wrote this file: fetch merges by it.
                        grouped ? run.collectors() : null,
                        grouped ? run.self() : null,
                        versions,
                        nodes(run, summary),
                        summary == null ? null : summary.state(),
                        summary == null ? null : summary.stoppedAt(),
                        summary == null ? null : summary.stopAt(),
                        summary == null ? null : summary.finishedAt(),
                        summary == null ? null : summary.rows(),
                        summary == null ? null : summary.batches(),
                        summary == null ? null : summary.droppedRows(),
                        summary == null ? null : summary.missingRows(),
                        summary == null ? null : summary.complete(),
                        summary == null ? null : summary.monitors(),
                        summary == null ? null : summary.agents(),
                        // A group's fetch adds these; one collector writes none.
                        null,
                        null));
    }

    /**
     * The inventory of every node of the run, as its agent reported it at registration: at the
     * start those connected, at the end those that took part (kept from the start where an agent
     * has gone since). The testbed, described in the run's own record.
     */
    private Map<String, NodeInventory> nodes(Run run, RunStatus summary) {
        Map<String, NodeInventory> nodes = new TreeMap<>(startNodes.getOrDefault(run.runId(), Map.of()));
        if (summary == null) {
            for (Instance i : agents.instances()) {
                if (i.inventory() != null && i.state() == AgentState.CONNECTED) {
                    nodes.put(i.nodeName(), i.inventory());
                }
            }
            startNodes.clear();
            startNodes.put(run.runId(), Map.copyOf(nodes));
        } else {
            for (AgentAccount a : summary.agents()) {
                agents.find(a.agentId())
                        .filter(e -> e.inventory() != null)
                        .ifPresent(e -> nodes.put(e.nodeName(), e.inventory()));
            }
        }
        return nodes;
    }

    /** run.json or the marker, replaced atomically; a failure is the volume's. */
    private static void write(Path target, Object record) {
        try {
            io.kubemon.collector.store.FaultPoints.reach(io.kubemon.collector.store.FaultPoints.Step.RUN_RECORD);
            RunRecords.write(target, record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
