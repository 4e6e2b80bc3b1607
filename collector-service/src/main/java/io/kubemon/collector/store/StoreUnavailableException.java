package io.kubemon.collector.store;

import io.kubemon.common.wire.StoreFault;
import java.io.IOException;
import java.time.Instant;

/**
 * A batch (or a start, or a finish) that the store cannot take now: its volume is failing. The
 * refusal is retryable: nothing of it was acknowledged, and the store recovers by itself once the
 * volume takes writes again.
 */
public final class StoreUnavailableException extends IOException implements StoreFault.Known {
    private final StoreFault fault;
    private final Instant since;

    public StoreUnavailableException(StoreFault fault, Instant since, String message, Throwable cause) {
        super(message, cause);
        this.fault = fault;
        this.since = since;
    }

    @Override
    public StoreFault fault() {
        return fault;
    }

    /** When the store began failing. */
    public Instant since() {
        return since;
    }
}
