package io.kubemon.collector.run;

import io.kubemon.collector.config.CollectorProperties;
import io.kubemon.collector.volume.DataRoot;
import io.kubemon.collector.web.ApiException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a start request must be, whatever the collector's state: an interval in range, a new output directory. */
final class StartChecks {
    private StartChecks() {}

    /**
     * @return the run's interval in ms
     * @throws ApiException 400 for a missing body, an interval out of range or a bad directory name;
     *                      409 for an output directory that holds files
     */
    static long intervalAndDirectory(StartRequest request, CollectorProperties properties, DataRoot dataRoot) {
        if (request == null) {
            throw ApiException.badRequest("invalid_start", "body must be JSON like {\"outputDir\": \"exp1\"}");
        }
        long intervalMs =
                request.intervalMs() == null ? properties.defaultInterval().toMillis() : request.intervalMs();
        if (intervalMs < properties.minInterval().toMillis() || intervalMs > 3_600_000) {
            throw ApiException.badRequest(
                    "invalid_interval",
                    "intervalMs must be between " + properties.minInterval().toMillis() + " and 3600000, got "
                            + intervalMs);
        }
        DataRoot.validate(request.outputDir());
        Path existing = dataRoot.path().resolve(request.outputDir());
        if (Files.isDirectory(existing)) {
            DataRoot.requireEmpty(existing, request.outputDir());
        }
        return intervalMs;
    }
}
