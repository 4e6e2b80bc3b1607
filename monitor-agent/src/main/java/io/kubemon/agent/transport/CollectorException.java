package io.kubemon.agent.transport;

/** The collector answered with an error status, or could not be reached (status 0). */
public class CollectorException extends RuntimeException {
    private final int status;

    public CollectorException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** A refusal that resending the same request cannot change. */
    public boolean permanent() {
        return status >= 400 && status < 500 && status != 404 && status != 408 && status != 429;
    }
}
