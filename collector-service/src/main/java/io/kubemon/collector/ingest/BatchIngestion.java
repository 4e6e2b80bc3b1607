package io.kubemon.collector.ingest;

import io.kubemon.collector.agents.AgentRegistry;
import io.kubemon.collector.config.CollectorProperties;
import io.kubemon.collector.run.BatchAdmission;
import io.kubemon.collector.store.Row;
import io.kubemon.collector.web.ApiException;
import io.kubemon.common.wire.BatchAck;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and checks one batch against the tables, then hands it to the run ({@link BatchAdmission},
 * which decides and appends); any refusal happens before anything is written.
 */
@Service
public class BatchIngestion {
    private final AgentRegistry agents;
    private final BatchAdmission admission;
    private final CollectorProperties properties;
    private final JsonMapper json;
    private final io.kubemon.collector.live.LiveFeed live;

    public BatchIngestion(
            AgentRegistry agents,
            BatchAdmission admission,
            CollectorProperties properties,
            JsonMapper json,
            io.kubemon.collector.live.LiveFeed live) {
        this.live = live;
        this.agents = agents;
        this.admission = admission;
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
        BatchAdmission.Admitted admitted =
                admission.admit(batch.runId(), agent.agentId(), agent.nodeName(), batch.seq(), rows);
        if (admitted.written()) {
            agent.recordBatch(rows.size());
            for (Row row : rows) {
                live.accept(agent.nodeName(), row.table(), row.timestamp(), row.intervalMs(), row.cells());
            }
        }
        return admitted.ack();
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
