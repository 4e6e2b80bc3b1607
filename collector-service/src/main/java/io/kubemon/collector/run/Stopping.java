package io.kubemon.collector.run;

import io.kubemon.common.wire.ActiveRunMarker;
import java.time.Duration;
import java.time.Instant;

/**
 * A stop asked for at {@code requestedAt}: no tick after {@code stopAtMs}; finished by {@code
 * deadline} at the latest (the drain timeout after the request, unless the store moves it).
 */
public record Stopping(long stopAtMs, Instant requestedAt, Instant deadline) {

    /** The stop the active-run marker recorded, or null for a run that was collecting. */
    static Stopping of(ActiveRunMarker m, Duration drainTimeout) {
        return m.stopAtMs() == null
                ? null
                : new Stopping(
                        m.stopAtMs(), m.stopRequestedAt(), m.stopRequestedAt().plus(drainTimeout));
    }
}
