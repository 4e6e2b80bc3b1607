package io.kubemon.collector.ingest;

import io.kubemon.collector.agents.AgentRegistry;
import io.kubemon.collector.config.CollectorProperties;
import io.kubemon.collector.run.RunManager;
import io.kubemon.collector.store.CsvRunWriter;
import io.kubemon.collector.store.Row;
import io.kubemon.collector.store.StoreUnavailableException;
import io.kubemon.collector.web.ApiException;
import io.kubemon.common.wire.BatchAck;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** Parses, checks and appends one batch; any refusal happens before anything is written. */
@Service
public class BatchIngestion {
    private final AgentRegistry agents;
    private final RunManager runs;
    private final CollectorProperties properties;
    private final JsonMapper json;
    private final io.kubemon.collector.live.LiveFeed live;

    public BatchIngestion(
            AgentRegistry agents,
            RunManager runs,
            CollectorProperties properties,
            JsonMapper json,
            io.kubemon.collector.live.LiveFeed live) {
        this.live = live;
        this.agents = agents;
        this.runs = runs;
        this.properties = properties;
        this.json = json;
    }

    /**
     * A batch read and checked against the schema like any other, then left: nothing is written
     * and no run or registration is needed. Agents send their warm-up rows this way at startup, so
     * a table or column this collector does not know is said before any run, not at its first batch.
     */
    public BatchAck check(byte[] body) {
        BatchReader.Parsed batch = BatchReader.read(json, body, properties.maxRowsPerBatch());
        return new BatchAck(batch.agentId(), batch.seq(), batch.rows().size(), false);
    }

    public BatchAck ingest(byte[] body) {
        BatchReader.Parsed batch = BatchReader.read(json, body, properties.maxRowsPerBatch());
        List<Row> rows = batch.rows();
        AgentRegistry.Entry agent = agents.touch(batch.agentId());
        RunManager.ActiveRun active = runs.active();
        if ((active == null || !active.run().runId().equals(batch.runId()))
                && batch.runId() != null
                && runs.finishedRunHolds(batch.runId(), agent.agentId(), batch.seq())) {
            // Written before the run finished; only the acknowledgement was lost.
            return new BatchAck(agent.agentId(), batch.seq(), 0, true, runs.finishedStopAt(batch.runId()));
        }
        if ((active == null || !active.run().runId().equals(batch.runId()))
                && batch.runId() != null
                && runs.finishPending(batch.runId())) {
            // The run finished while its volume failed; its journal may hold this batch, which is
            // known once the volume takes writes again. Kept by the agent until then, not refused.
            throw storeUnavailable(
                    "run " + batch.runId() + " finished while the data volume was failing; whether batch " + batch.seq()
                            + " is in its files is known once the volume takes writes again");
        }
        if (active == null) {
            throw ApiException.conflict(
                    "no_active_run",
                    "no run is active; batch " + batch.seq() + " refused"
                            + (batch.runId() != null ? " (run " + batch.runId() + " has finished)" : ""));
        }
        if (batch.runId() != null && !batch.runId().equals(active.run().runId())) {
            throw ApiException.conflict(
                    "run_mismatch",
                    "batch " + batch.seq() + " belongs to run " + batch.runId() + " but the active run is "
                            + active.run().runId() + "; a stopped run takes no more rows");
        }
        Long stopAt = active.stopping() == null ? null : active.stopping().stopAtMs();
        if (stopAt != null) {
            for (Row row : rows) {
                if (row.timestamp() > stopAt) {
                    throw ApiException.conflict(
                            "after_stop",
                            "batch " + batch.seq() + " holds a tick after the stop of run "
                                    + active.run().runId() + " at " + java.time.Instant.ofEpochMilli(stopAt)
                                    + "; only ticks up to the stop belong to the run");
                }
            }
        }
        CsvRunWriter.Outcome outcome;
        try {
            outcome = active.writer().append(agent.nodeName(), agent.agentId(), batch.seq(), rows);
        } catch (StoreUnavailableException e) {
            throw storeUnavailable(
                    "batch " + batch.seq() + " of " + agent.nodeName() + " not written: " + e.getMessage());
        }
        switch (outcome) {
            case CLOSED -> {
                if (active.writer().holds(agent.agentId(), batch.seq())) {
                    return new BatchAck(agent.agentId(), batch.seq(), 0, true, stopAt); // in the files already
                }
                throw ApiException.conflict(
                        "run_stopped",
                        "run " + active.run().runId() + " finished while batch " + batch.seq()
                                + " arrived; it takes no more rows");
            }
            case DUPLICATE -> {
                return new BatchAck(agent.agentId(), batch.seq(), 0, true, stopAt);
            }
            default -> {
                agent.recordBatch(rows.size());
                for (Row row : rows) {
                    live.accept(agent.nodeName(), row.table(), row.timestamp(), row.intervalMs(), row.cells());
                }
                return new BatchAck(agent.agentId(), batch.seq(), rows.size(), false, stopAt);
            }
        }
    }

    /** 507 with Retry-After: the agent keeps the batch and sends it again. */
    private static ApiException storeUnavailable(String message) {
        return new ApiException(HttpStatus.INSUFFICIENT_STORAGE, "store_unavailable", message);
    }

    /** Reads at most the size limit plus one byte, so an oversized body is refused without buffering it all. */
    public byte[] readLimited(java.io.InputStream in, long contentLength) throws IOException {
        long max = properties.maxBatchBytes();
        if (contentLength > max) {
            throw tooLarge(contentLength);
        }
        if (contentLength >= 0) {
            // Read into one array of the declared size (readNBytes with only a limit gathers
            // 8 KiB pieces and copies them again); a body longer than declared is not HTTP/1.1.
            byte[] body = new byte[(int) contentLength];
            int n;
            try {
                n = in.readNBytes(body, 0, body.length);
            } catch (IOException e) {
                // A client that stops sending early: Tomcat reports the end of the stream as an
                // error (ClientAbortException from an EOFException), not as a short read.
                if (!(e instanceof java.io.EOFException) && !(e.getCause() instanceof java.io.EOFException)) {
                    throw e;
                }
                n = -1;
            }
            if (n < body.length) {
                throw ApiException.badRequest(
                        "truncated_body",
                        "request body ended before all of the " + contentLength
                                + " bytes its Content-Length declared arrived; nothing was written");
            }
            return body;
        }
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (body.length > max) {
            throw tooLarge(body.length);
        }
        return body;
    }

    private ApiException tooLarge(long size) {
        return new ApiException(
                HttpStatus.CONTENT_TOO_LARGE,
                "batch_too_large",
                "request body of " + size + " bytes exceeds the limit of " + properties.maxBatchBytes()
                        + " bytes (kubemon.collector.max-batch-bytes)");
    }
}
