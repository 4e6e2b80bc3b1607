package io.kubemon.collector.ingest;

import io.kubemon.collector.config.CollectorProperties;
import io.kubemon.collector.web.ApiException;
import io.kubemon.common.wire.BatchAck;
import io.kubemon.common.wire.Paths;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BatchController {
    private final BatchIngestion ingestion;
    private final Semaphore inFlight;
    private final int limit;

    private final IngestMetrics metrics;

    public BatchController(BatchIngestion ingestion, CollectorProperties properties, IngestMetrics metrics) {
        this.ingestion = ingestion;
        this.metrics = metrics;
        this.limit = properties.maxConcurrentBatches();
        this.inFlight = new Semaphore(limit);
    }

    /**
     * The body is read here, not bound by Spring, so that its size is checked before it is parsed.
     * With {@code ?check=true} the batch is only read and validated: nothing is written.
     */
    @PostMapping(path = Paths.BATCHES, produces = MediaType.APPLICATION_JSON_VALUE)
    public BatchAck ingest(HttpServletRequest request) throws IOException, InterruptedException {
        String type = request.getContentType();
        if (type != null && !MediaType.parseMediaType(type).isCompatibleWith(MediaType.APPLICATION_JSON)) {
            metrics.rejected("unsupported_media_type");
            throw new ApiException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "batches are JSON; send Content-Type: application/json, not " + type);
        }
        // Bounded memory under overload: at most maxConcurrentBatches bodies (each at most
        // maxBatchBytes) are held at once; past that, 503 with Retry-After and the agent backs off.
        if (!inFlight.tryAcquire(200, TimeUnit.MILLISECONDS)) {
            metrics.rejected("overloaded");
            throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "overloaded",
                    limit + " batches are being written; retry after 1 s");
        }
        long start = System.nanoTime();
        try {
            byte[] body = ingestion.readLimited(request.getInputStream(), request.getContentLengthLong());
            if ("true".equals(request.getParameter("check"))) {
                return ingestion.check(body); // read and validated, not written (an agent's startup check)
            }
            BatchAck ack = ingestion.ingest(body);
            if (ack.duplicate()) {
                metrics.duplicate();
            } else {
                metrics.written(ack.rows());
            }
            return ack;
        } catch (ApiException e) {
            metrics.rejected(e.code());
            throw e;
        } catch (BatchRefused e) {
            metrics.rejected(e.reason().code());
            throw e;
        } finally {
            inFlight.release();
            metrics.latency().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** The reader's refusals in the API's one error shape: 413 for a batch too large, else 400. */
    @org.springframework.web.bind.annotation.ExceptionHandler(BatchRefused.class)
    org.springframework.http.ResponseEntity<io.kubemon.common.wire.ApiError> refused(BatchRefused e) {
        HttpStatus status =
                e.reason() == BatchRefused.Reason.TOO_LARGE ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST;
        return io.kubemon.collector.web.ErrorHandler.body(status, e.reason().code(), e.getMessage());
    }
}
