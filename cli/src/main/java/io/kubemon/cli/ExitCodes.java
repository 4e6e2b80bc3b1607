package io.kubemon.cli;

/** Exit codes scripts can rely on. */
final class ExitCodes {
    static final int OK = 0;
    /** Any other failure. */
    static final int ERROR = 1;
    /** Bad command line (picocli's own code). */
    static final int USAGE = 2;
    /** The collector could not be reached. */
    static final int UNREACHABLE = 3;
    /** 401: the token is missing or wrong. */
    static final int UNAUTHORIZED = 4;
    /** 409: a run is already active, or none is. */
    static final int CONFLICT = 5;
    /** 400/404/413/415: the collector refused the request (bad directory, bad interval). */
    static final int REFUSED = 6;
    /**
     * The run finished (or is going) with rows missing: dropped, undelivered at the drain timeout,
     * or not accounted for by an agent. One line per such agent says which and how many.
     */
    static final int ROWS_MISSING = 7;
    /**
     * The collector's data volume is failing (507): batches are refused and kept by the agents
     * until it takes writes again ({@code status}, {@code stop}); a start it refused for lack of space.
     */
    static final int STORE_FAILING = 8;

    private ExitCodes() {}
}
