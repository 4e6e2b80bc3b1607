package io.kubemon.collector.run;

import io.kubemon.collector.config.CollectorProperties;
import io.kubemon.collector.store.RunStore;
import io.kubemon.collector.volume.DataRoot;
import io.kubemon.collector.volume.StoreMonitor;
import io.kubemon.common.wire.ActiveRunMarker;
import io.kubemon.common.wire.Event;
import io.kubemon.common.wire.EventKind;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run a collector was writing when it crashed or restarted with the same data directory: the
 * active-run marker names it, its files are recovered from their journal, and it goes on collecting
 * (or stopping, if its stop had been recorded).
 */
final class ResumedRun {
    private static final Logger log = LoggerFactory.getLogger(RunManager.class);

    private ResumedRun() {}

    /**
     * @return the resumed run, or null when no run was active
     * @throws IllegalStateException when the marker names a run that cannot be resumed: the
     *                               collector does not start, and says which file to move away
     */
    static ActiveRun open(
            RunRecordFiles records,
            DataRoot dataRoot,
            CollectorProperties properties,
            StoreMonitor store,
            RunEvents events,
            long nowMs) {
        try {
            ActiveRunMarker m = records.readMarker();
            if (m == null) {
                return null;
            }
            Path dir = dataRoot.path().resolve(m.outputDir()).toRealPath();
            if (!dir.startsWith(dataRoot.path())) {
                throw new IOException("recorded output directory leads outside the data root");
            }
            Run run = Run.of(m, dir);
            Stopping stopping = Stopping.of(m, properties.drainTimeout());
            ActiveRun active = new ActiveRun(
                    run,
                    RunStore.resume(
                            dir, run.runId(), properties.writeAhead(), properties.segmentBytes(), store.health()),
                    stopping);
            events.write(
                    active.writer(),
                    Event.of(nowMs, EventKind.COLLECTOR_RESUMED, "the collector restarted", RunManager.SOURCE));
            log.info(
                    "resumed run {} into {} after a restart{}",
                    run.runId(),
                    dir,
                    stopping == null ? "" : " (stopping: agents are delivering what they sampled up to the stop)");
            return active;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot resume the active run recorded in " + records.markerFile()
                            + "; move that file away to start without it",
                    e);
        }
    }
}
