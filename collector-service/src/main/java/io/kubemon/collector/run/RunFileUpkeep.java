package io.kubemon.collector.run;

import io.kubemon.collector.config.CollectorProperties;
import io.kubemon.collector.store.StoreUnavailableException;
import java.time.Duration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** What the active run's files need on a clock rather than per batch: the interval fsync, closing idle files. */
@Component
class RunFileUpkeep {
    /** A run file that got no rows for this long is closed (a run of many short-lived containers). */
    static final Duration IDLE_FILE = Duration.ofSeconds(60);

    private final RunManager runs;
    private final CollectorProperties properties;

    RunFileUpkeep(RunManager runs, CollectorProperties properties) {
        this.runs = runs;
        this.properties = properties;
    }

    /** The "every N ms" fsync policy. */
    @Scheduled(fixedDelayString = "${kubemon.collector.fsync-interval:1s}")
    void periodicSync() {
        ActiveRun a = runs.active();
        if (a != null && properties.fsync() == CollectorProperties.Fsync.INTERVAL) {
            try {
                a.writer().sync();
            } catch (StoreUnavailableException e) {
                // Logged once by the store's health; the run's files are recovered from the journal.
            }
        }
    }

    @Scheduled(fixedDelay = 10_000)
    void closeIdleFiles() {
        ActiveRun a = runs.active();
        if (a != null) {
            a.writer().closeIdleFiles(IDLE_FILE);
        }
    }
}
