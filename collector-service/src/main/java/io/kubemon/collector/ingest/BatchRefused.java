package io.kubemon.collector.ingest;

/**
 * Why a batch is refused, as the reader found it: ingest's own error, with no HTTP in it. The
 * controller maps it to a status ({@link BatchController}); the reader stays usable where there is
 * no web layer (benchmarks, tests).
 */
public final class BatchRefused extends RuntimeException {
    /** The reasons, each with the stable error code the API answers. */
    public enum Reason {
        /** Not JSON, or not a batch's shape. */
        MALFORMED("malformed_json"),
        /** The batch's own fields (agent id, sequence number) are wrong. */
        INVALID_BATCH("invalid_batch"),
        /** A sample or row does not fit its table (unknown table or column, text for a number, …). */
        INVALID_SAMPLE("invalid_sample"),
        /** More rows than a batch may hold. */
        TOO_LARGE("batch_too_large");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    BatchRefused(Reason reason, String message) {
        super(message, null, false, false); // no stack trace: a refusal is an answer, not a fault
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
