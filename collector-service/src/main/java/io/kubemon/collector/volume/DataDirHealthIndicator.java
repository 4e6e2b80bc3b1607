package io.kubemon.collector.volume;

import io.kubemon.common.wire.StoreReport;
import java.nio.file.Files;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness: a collector that cannot write its data root must not be sent batches. DOWN while the
 * data volume is failing (liveness stays UP: the collector recovers by itself, a restart is not needed).
 */
@Component("dataDir")
public class DataDirHealthIndicator implements HealthIndicator {
    private final DataRoot root;
    private final StoreMonitor store;

    public DataDirHealthIndicator(DataRoot root, StoreMonitor store) {
        this.root = root;
        this.store = store;
    }

    @Override
    public Health health() {
        StoreReport s = store.report();
        boolean ok = Files.isDirectory(root.path()) && Files.isWritable(root.path()) && !s.failing();
        Health.Builder b = (ok ? Health.up() : Health.down())
                .withDetail("path", root.path().toString())
                .withDetail("store", s.state().name().toLowerCase());
        if (s.failing()) {
            b.withDetail("cause", s.description())
                    .withDetail("since", String.valueOf(s.since()))
                    .withDetail("refusedBatches", s.refusedBatches());
        }
        if (s.freeBytes() != null) {
            b.withDetail("freeBytes", s.freeBytes());
        }
        return b.build();
    }
}
