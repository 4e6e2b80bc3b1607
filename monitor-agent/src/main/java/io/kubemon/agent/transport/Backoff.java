package io.kubemon.agent.transport;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter, so a thousand agents do not retry in lock-step. */
final class Backoff {
    private final long baseMs;
    private final long maxMs;
    private int attempt;

    Backoff(Duration base, Duration max) {
        this.baseMs = base.toMillis();
        this.maxMs = max.toMillis();
    }

    long nextDelayMs() {
        long cap = Math.min(maxMs, baseMs << Math.min(attempt, 20));
        attempt++;
        return cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
    }

    void reset() {
        attempt = 0;
    }
}
