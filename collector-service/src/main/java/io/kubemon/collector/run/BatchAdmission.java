package io.kubemon.collector.run;

import io.kubemon.collector.store.CsvRunWriter;
import io.kubemon.collector.store.Row;
import io.kubemon.collector.store.StoreUnavailableException;
import io.kubemon.collector.web.ApiException;
import io.kubemon.common.wire.BatchAck;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The run's rules for a batch, in one place: which run it belongs to, what a finished run still
 * acknowledges (a batch in its files whose acknowledgement was lost), what a run whose volume
 * failed at the finish keeps waiting (507), that no tick after the stop instant belongs to the run,
 * and what a run closed while the batch arrived answers. Ingestion reads and validates the batch;
 * this decides and appends.
 */
@Component
public class BatchAdmission {
    private final RunManager runs;
    private final FinishedRun finished;

    BatchAdmission(RunManager runs, FinishedRun finished) {
        this.runs = runs;
        this.finished = finished;
    }

    /** What became of a batch: its acknowledgement, and whether its rows were written now. */
    public record Admitted(BatchAck ack, boolean written) {}

    /**
     * Appends the batch of {@code agentId} to the run it names (null: the active one), or answers
     * it as a duplicate, or refuses it with the reason.
     *
     * @throws ApiException 409 for a batch no run takes, 507 while the run's volume is failing
     */
    public Admitted admit(String runId, String agentId, String node, long seq, List<Row> rows) {
        ActiveRun active = runs.active();
        boolean another = active == null || !active.run().runId().equals(runId);
        if (another && runId != null && finished.holds(runId, agentId, seq)) {
            // Written before the run finished; only the acknowledgement was lost.
            return new Admitted(new BatchAck(agentId, seq, 0, true, finished.stopAt(runId)), false);
        }
        if (another && runId != null && finished.isPending(runId)) {
            // The run finished while its volume failed; its journal may hold this batch, which is
            // known once the volume takes writes again. Kept by the agent until then, not refused.
            throw storeUnavailable("run " + runId + " finished while the data volume was failing; whether batch " + seq
                    + " is in its files is known once the volume takes writes again");
        }
        if (active == null) {
            throw ApiException.conflict(
                    "no_active_run",
                    "no run is active; batch " + seq + " refused"
                            + (runId != null ? " (run " + runId + " has finished)" : ""));
        }
        if (runId != null && another) {
            throw ApiException.conflict(
                    "run_mismatch",
                    "batch " + seq + " belongs to run " + runId + " but the active run is "
                            + active.run().runId() + "; a stopped run takes no more rows");
        }
        Long stopAt = active.stopping() == null ? null : active.stopping().stopAtMs();
        if (stopAt != null) {
            for (Row row : rows) {
                if (row.timestamp() > stopAt) {
                    throw ApiException.conflict(
                            "after_stop",
                            "batch " + seq + " holds a tick after the stop of run "
                                    + active.run().runId() + " at " + Instant.ofEpochMilli(stopAt)
                                    + "; only ticks up to the stop belong to the run");
                }
            }
        }
        CsvRunWriter.Outcome outcome;
        try {
            outcome = active.writer().append(node, agentId, seq, rows);
        } catch (StoreUnavailableException e) {
            throw storeUnavailable("batch " + seq + " of " + node + " not written: " + e.getMessage());
        }
        return switch (outcome) {
            case CLOSED -> {
                if (active.writer().holds(agentId, seq)) {
                    yield new Admitted(new BatchAck(agentId, seq, 0, true, stopAt), false); // in the files already
                }
                throw ApiException.conflict(
                        "run_stopped",
                        "run " + active.run().runId() + " finished while batch " + seq
                                + " arrived; it takes no more rows");
            }
            case DUPLICATE -> new Admitted(new BatchAck(agentId, seq, 0, true, stopAt), false);
            case WRITTEN -> new Admitted(new BatchAck(agentId, seq, rows.size(), false, stopAt), true);
        };
    }

    /** 507 with Retry-After: the agent keeps the batch and sends it again. */
    private static ApiException storeUnavailable(String message) {
        return new ApiException(HttpStatus.INSUFFICIENT_STORAGE, "store_unavailable", message);
    }
}
