package io.kubemon.collector.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a writer opening a run directory finds there: nothing (a new run), or a journal to replay.
 * The replay's write-ahead bytes are written again, every CSV file is cut back to its committed
 * length (a torn last line, or rows of a batch never acknowledged, go: the agent sends that batch
 * again) and files no committed batch wrote to are removed. What was replayed is then made durable
 * in the files, and the journal becomes its snapshot.
 */
final class RunRecovery {
    private static final Logger log = LoggerFactory.getLogger(RunRecovery.class);

    private RunRecovery() {}

    /** The committed state of the run in {@code dir}, its files made to match it. */
    static RunJournal.State open(Path dir, RunFiles files, boolean writeAhead) throws IOException {
        boolean existing = Files.exists(dir.resolve(RunJournal.FILE))
                || !JournalSegments.segmentsBelow(dir, Long.MAX_VALUE).isEmpty();
        if (!existing) {
            return new RunJournal.State();
        }
        RunJournal.State committed = JournalReplay.replay(dir);
        int cut = files.cutBack(committed.files);
        long rows = 0;
        long batches = 0;
        for (RunJournal.AgentMark a : committed.agents.values()) {
            rows += a.rows();
            batches += a.batches();
        }
        log.info(
                "recovered run files in {}: {} batches, {} rows committed ({} write-ahead segment(s) replayed); "
                        + "{} file(s) cut back to their last committed batch",
                dir,
                batches,
                rows,
                committed.segmentsReplayed,
                cut);
        if (writeAhead || committed.segmentsReplayed > 0) {
            // Everything replayed is made durable in the files and the journal becomes a snapshot of
            // it: the segments are then not needed, and the lines form can append to the snapshot.
            long next = 1;
            for (Path p : JournalSegments.segmentsBelow(dir, Long.MAX_VALUE)) {
                next = Math.max(
                        next, Long.parseLong(p.getFileName().toString().substring(RunJournal.SEGMENT.length())) + 1);
            }
            committed.nextSegment = Math.max(next, committed.nextSegment);
            files.forceExisting(committed.files.keySet());
            JournalSegments.writeSnapshot(dir, committed, false);
        }
        return committed;
    }
}
