package io.kubemon.collector.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retires full write-ahead segments in the background (the write-ahead form only): a checkpoint
 * forces the run's files, whose bytes the full segment holds, then writes the journal's snapshot,
 * which makes the segment unneeded. Should the machine fail first, replay starts from the older
 * snapshot and reads both segments. One thread, so checkpoints are written in order.
 */
final class Checkpointer {
    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

    private final Path dir;
    private final RunFiles files;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kubemon-checkpoint");
        t.setDaemon(true);
        return t;
    });

    Checkpointer(Path dir, RunFiles files) {
        this.dir = dir;
        this.files = files;
    }

    /** Writes the checkpoint of {@code snapshot} in the background; a failure goes to {@code failed}. */
    void submit(RunJournal.State snapshot, List<FileChannel> channels, Consumer<IOException> failed) {
        thread.execute(() -> {
            try {
                write(snapshot, channels, false);
            } catch (IOException e) {
                failed.accept(e);
            }
        });
    }

    /**
     * The final checkpoint of a run whose files close whole: after the pending one, the files are
     * forced and the journal becomes the snapshot of everything; no segment and no spare stay.
     */
    void last(RunJournal.State snapshot, List<FileChannel> channels) throws IOException {
        write(snapshot, channels, true);
        Files.deleteIfExists(dir.resolve(RunJournal.SPARE));
    }

    /** Lets the pending checkpoint end (at most {@code minutes}) and takes no more. */
    void stop(long minutes) {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(minutes, TimeUnit.MINUTES)) {
                log.warn("a checkpoint of {} is still running as its writer closes", dir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Forces the files, then writes the snapshot; the retired segment is kept as the spare unless {@code closing}. */
    private void write(RunJournal.State snapshot, List<FileChannel> channels, boolean closing) throws IOException {
        FaultPoints.reach(FaultPoints.Step.CHECKPOINT);
        files.force(channels);
        files.forceDirectories();
        JournalSegments.writeSnapshot(dir, snapshot, !closing);
    }
}
