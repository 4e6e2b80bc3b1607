package io.kubemon.collector.run;

import java.nio.file.Files;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Readiness: a collector that cannot write its data root must not be sent batches. */
@Component("dataDir")
public class DataDirHealthIndicator implements HealthIndicator {
    private final DataRoot root;

    public DataDirHealthIndicator(DataRoot root) {
        this.root = root;
    }

    @Override
    public Health health() {
        boolean ok = Files.isDirectory(root.path()) && Files.isWritable(root.path());
        return (ok ? Health.up() : Health.down())
                .withDetail("path", root.path().toString())
                .build();
    }
}
