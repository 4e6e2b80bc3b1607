package io.kubemon.collector.store;

import io.kubemon.common.wire.MonitorTotals;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run's files hold for certain: per agent its highest committed seq and its rows and
 * batches, per file its committed length and rows, and the run's rows, batches and duplicates.
 * Begins from what recovery replayed; only the committer adds to it, once a group's bytes are in
 * the files. Its own lock: readers (the run's status, its accounts) never wait for a commit.
 */
final class CommittedTotals {
    private final RunJournal.State state;
    private long rows;
    private long batches;
    private long duplicates;

    CommittedTotals(RunJournal.State recovered) {
        this.state = recovered;
        recovered.agents.forEach((agent, v) -> {
            rows += v.rows();
            batches += v.batches();
        });
    }

    /** Each agent's highest committed seq: where a writer's high-water marks begin. */
    synchronized Map<String, Long> seqs() {
        Map<String, Long> out = new HashMap<>();
        state.agents.forEach((agent, v) -> out.put(agent, v.seq()));
        return out;
    }

    /** The segment a write-ahead writer begins with. */
    synchronized long nextSegment() {
        return state.nextSegment;
    }

    /** A file's committed length and rows, or null for a file with none. */
    synchronized RunJournal.FileMark file(String key) {
        return state.files.get(key);
    }

    /**
     * A group's bytes reached the files: each touched file's end and rows, the group's rows and
     * batches, each agent's batch.
     *
     * @param snapshotNext when above 0, a copy of the totals after this group is returned, to begin
     *                     with segment {@code snapshotNext} (a checkpoint's snapshot); else null
     */
    synchronized RunJournal.State commit(
            List<String> keys,
            long[] ends,
            long[] rowsAt,
            long groupRows,
            List<CommitGroup.AgentRows> agents,
            long snapshotNext) {
        for (int i = 0; i < keys.size(); i++) {
            state.files.put(keys.get(i), new RunJournal.FileMark(ends[i], rowsAt[i]));
        }
        rows += groupRows;
        batches += agents.size();
        for (CommitGroup.AgentRows a : agents) {
            state.batch(a.agentId(), a.seq(), a.rows());
        }
        if (snapshotNext <= 0) {
            return null;
        }
        RunJournal.State snapshot = state.copy();
        snapshot.nextSegment = snapshotNext;
        return snapshot;
    }

    /** A copy of everything committed, for the final checkpoint. */
    synchronized RunJournal.State snapshot() {
        return state.copy();
    }

    synchronized void duplicate() {
        duplicates++;
    }

    synchronized long rows() {
        return rows;
    }

    synchronized long batches() {
        return batches;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    synchronized Map<String, CsvRunWriter.Delivered> byAgent() {
        Map<String, CsvRunWriter.Delivered> copy = new TreeMap<>();
        state.agents.forEach((k, v) -> copy.put(k, new CsvRunWriter.Delivered(v.rows(), v.batches())));
        return copy;
    }

    /** Whether the agent's batch {@code seq} is committed. */
    synchronized boolean holds(String agentId, long seq) {
        RunJournal.AgentMark a = state.agents.get(agentId);
        return a != null && seq <= a.seq();
    }

    /** Per monitor, its files and rows. */
    synchronized Map<String, MonitorTotals> totals() {
        Map<String, MonitorTotals> out = new TreeMap<>();
        for (Map.Entry<String, RunJournal.FileMark> e : state.files.entrySet()) {
            out.merge(
                    e.getKey().substring(0, e.getKey().indexOf('/')),
                    new MonitorTotals(1, e.getValue().rows()),
                    MonitorTotals::plus);
        }
        return out;
    }
}
