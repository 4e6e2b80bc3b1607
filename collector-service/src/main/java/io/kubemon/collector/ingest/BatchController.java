package io.kubemon.collector.ingest;

import io.kubemon.collector.web.ApiException;
import io.kubemon.common.wire.BatchAck;
import io.kubemon.common.wire.Paths;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BatchController {
    private final BatchIngestion ingestion;

    public BatchController(BatchIngestion ingestion) {
        this.ingestion = ingestion;
    }

    /** The body is read here, not bound by Spring, so that its size is checked before it is parsed. */
    @PostMapping(path = Paths.BATCHES, produces = MediaType.APPLICATION_JSON_VALUE)
    public BatchAck ingest(HttpServletRequest request) throws IOException {
        String type = request.getContentType();
        if (type != null && !MediaType.parseMediaType(type).isCompatibleWith(MediaType.APPLICATION_JSON)) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "batches are JSON; send Content-Type: application/json, not " + type);
        }
        byte[] body = ingestion.readLimited(request.getInputStream(), request.getContentLengthLong());
        return ingestion.ingest(body);
    }
}
