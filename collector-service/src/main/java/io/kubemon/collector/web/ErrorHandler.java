package io.kubemon.collector.web;

import io.kubemon.common.wire.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every error leaves the collector as the same small JSON shape, never as a stack trace. */
@RestControllerAdvice
public class ErrorHandler {
    private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> api(ApiException e) {
        if (e.status() == HttpStatus.SERVICE_UNAVAILABLE
                || e.status() == HttpStatus.TOO_MANY_REQUESTS
                || e.status() == HttpStatus.INSUFFICIENT_STORAGE) {
            // Retryable: the client keeps what it sent and tries again (a full volume is probed
            // every few seconds at most, so a longer wait would only delay the backlog).
            return ResponseEntity.status(e.status())
                    .header("Retry-After", e.status() == HttpStatus.INSUFFICIENT_STORAGE ? "2" : "1")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new ApiError(e.status().value(), e.code(), e.getMessage()));
        }
        return body(e.status(), e.code(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return body(
                HttpStatus.BAD_REQUEST,
                "malformed_json",
                "request body is not valid JSON of the expected shape: " + rootMessage(e));
    }

    /** Spring's own 4xx (unsupported media type, wrong method, unknown path) keep their status. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> other(Exception e) {
        if (e instanceof ErrorResponse er) {
            HttpStatusCode status = er.getStatusCode();
            String detail = er.getBody().getDetail() != null ? er.getBody().getDetail() : e.getMessage();
            HttpStatus known = HttpStatus.resolve(status.value());
            return body(status, known == null ? "error" : known.name().toLowerCase(), detail);
        }
        log.error("unexpected error", e);
        return body(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "the collector failed: " + e.getMessage());
    }

    public static ResponseEntity<ApiError> body(HttpStatusCode status, String code, String message) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(new ApiError(status.value(), code, message));
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (m == null) {
            return t.getClass().getSimpleName();
        }
        // Jackson appends the whole source location; the first line says what is wrong.
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }
}
