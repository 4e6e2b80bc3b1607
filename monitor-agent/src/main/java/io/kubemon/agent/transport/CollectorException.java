package io.kubemon.agent.transport;

/** The collector answered with an error status, or could not be reached (status 0). */
public class CollectorException extends RuntimeException {
    private final int status;
    /** How long the collector asked to be left alone (its Retry-After), or 0. */
    private final long retryAfterMs;

    public CollectorException(int status, String message, Throwable cause) {
        this(status, 0, message, cause);
    }

    public CollectorException(int status, long retryAfterMs, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryAfterMs = Math.max(0, retryAfterMs);
    }

    /** The collector's Retry-After in ms (a busy collector, a failing data volume), or 0 when it gave none. */
    public long retryAfterMs() {
        return retryAfterMs;
    }

    public int status() {
        return status;
    }

    /**
     * Whether the collector refused a batch because it holds a tick after its run's stop instant:
     * sampled before the agent learnt of the stop, it is not part of the run (not a dropped row).
     */
    public boolean afterStop() {
        return status == 409 && getMessage() != null && getMessage().contains("\"after_stop\"");
    }

    /** A refusal that resending the same request cannot change. */
    public boolean permanent() {
        return status >= 400 && status < 500 && status != 404 && status != 408 && status != 429;
    }
}
