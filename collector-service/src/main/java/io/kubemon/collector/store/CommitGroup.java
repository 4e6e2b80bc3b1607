package io.kubemon.collector.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batches appended together and committed by one journal record: a commit (the collector group
 * of several collectors is another thing).
 */
final class CommitGroup {
    /** Its journal record, built as batches join and (phase one) as its files are planned. */
    final RunJournal.Record record;

    CommitGroup(boolean writeAhead) {
        this.record = new RunJournal.Record(writeAhead);
    }

    /** Per file the group touched, in order, the formatted bytes of its batches (a new file's header first). */
    final Map<RunFiles.Sink, List<byte[]>> data = new LinkedHashMap<>();

    final List<AgentRows> agents = new ArrayList<>();
    long rows;
    /** Taken by a committer: no longer the open group. */
    volatile boolean taken;

    volatile boolean done;
    volatile IOException failure;
    /** The lines form's journal line, made in phase one. */
    byte[] line;

    /** One agent's batch in the group: its seq and rows. */
    record AgentRows(String agentId, long seq, long rows) {}
}
