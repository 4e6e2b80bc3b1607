package io.kubemon.cli;

import io.kubemon.common.wire.AgentAccount;
import io.kubemon.common.wire.GroupMerge;
import io.kubemon.common.wire.NodeInventory;
import io.kubemon.common.wire.RunRecord;
import io.kubemon.common.wire.RunRecords;
import io.kubemon.common.wire.RunState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One {@code run.json} from the members' of a collector group: a run fetched from a group then
 * reads as one collector's (what {@code merge} and {@code report} expect), with each node's
 * collector named ({@link RunRecord#nodeCollectors()}, {@link AgentAccount#collector()}) and each
 * member's part listed ({@link RunRecord#fetchedFrom()}). Totals are summed; the run is complete
 * only when every member's part is fetched and complete.
 */
final class GroupRunJson {
    private GroupRunJson() {}

    /** One member's run.json, and the URL of the member it came from. */
    record Part(String collector, RunRecord runJson) {}

    static RunRecord merge(List<Part> parts, List<String> missing) {
        RunRecord first = parts.get(0).runJson();
        Map<String, NodeInventory> nodes = new TreeMap<>();
        Map<String, String> nodeCollector = new TreeMap<>();
        List<GroupMerge.Part> sums = new ArrayList<>();
        List<RunRecord.FetchedPart> members = new ArrayList<>();
        boolean finished = true;
        RunState unfinished = null;
        for (Part p : parts) {
            RunRecord j = p.runJson();
            if (!Objects.equals(first.runId(), j.runId())) {
                throw new CliException(
                        ExitCodes.ERROR,
                        "collector " + p.collector() + " holds another run under this name (" + j.runId() + ", not "
                                + first.runId() + ")");
            }
            j.nodes().forEach((node, inventory) -> {
                nodes.put(node, inventory);
                nodeCollector.put(node, p.collector());
            });
            List<AgentAccount> agents = new ArrayList<>();
            for (AgentAccount a : j.agents()) {
                agents.add(a.withCollector(p.collector()));
                if (a.nodeName() != null) {
                    nodeCollector.put(a.nodeName(), p.collector());
                }
            }
            // A member's run.json from the start (state null) is a part still collecting.
            RunState state = j.state() == null ? RunState.COLLECTING : j.state();
            if (state != RunState.FINISHED) {
                finished = false;
                unfinished = unfinished == null ? state : unfinished;
            }
            sums.add(new GroupMerge.Part(
                    orZero(j.rows()),
                    orZero(j.batches()),
                    orZero(j.droppedRows()),
                    orZero(j.missingRows()),
                    Boolean.TRUE.equals(j.complete()),
                    j.monitors(),
                    agents,
                    j.stoppedAt(),
                    j.stopAt(),
                    state == RunState.FINISHED ? j.finishedAt() : null));
            members.add(new RunRecord.FetchedPart(
                    p.collector(), true, state, orZero(j.rows()), j.nodes().size()));
        }
        for (String m : missing) {
            members.add(new RunRecord.FetchedPart(m, false, null, 0, 0));
        }
        GroupMerge.Merged m = GroupMerge.merge(sums);
        return new RunRecord(
                RunRecords.FORMAT_VERSION,
                first.runId(),
                first.outputDir(),
                first.intervalMs(),
                first.startedAt(),
                first.collectors(),
                null,
                first.schemaVersions(),
                nodes,
                // A group's run is finished when every member's part is; a part not fetched leaves it
                // as its fetched parts are (and incomplete).
                finished ? RunState.FINISHED : unfinished,
                m.stoppedAt(),
                m.stopAt(),
                finished ? m.finishedAt() : null,
                m.rows(),
                m.batches(),
                m.droppedRows(),
                m.missingRows(),
                missing.isEmpty() && m.complete() && finished,
                m.monitors(),
                m.agents(),
                nodeCollector,
                members);
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}
