package io.kubemon.collector.run;

import io.kubemon.common.wire.Paths;
import io.kubemon.common.wire.RunStatus;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Start, stop and status. In a collector group these act on, and answer for, the whole group;
 * {@code ?scope=local} acts on this collector alone (what the members send each other, and a way
 * to look at one member).
 */
@RestController
public class RunController {
    private final RunManager runs;
    private final GroupRuns group;

    public RunController(RunManager runs, GroupRuns group) {
        this.runs = runs;
        this.group = group;
    }

    private boolean grouped(String scope) {
        return group.enabled() && !"local".equals(scope);
    }

    @PostMapping(path = Paths.START, produces = MediaType.APPLICATION_JSON_VALUE)
    public RunStatus start(
            @RequestBody StartRequest request, @RequestParam(name = "scope", required = false) String scope) {
        if (grouped(scope)) {
            return group.start(request);
        }
        if (request != null && request.runId() != null && !group.enabled()) {
            throw io.kubemon.collector.web.ApiException.badRequest(
                    "invalid_start", "runId is set by the collector, not by the caller");
        }
        return runs.start(request);
    }

    /**
     * Ends sampling now; the run is then stopping until its agents have delivered what they
     * sampled. {@code wait=true} answers once it has finished (at most the drain timeout).
     * {@code stopAtMs} (a group's stop, carried to a member): the stop instant the group fixed.
     */
    @PostMapping(path = Paths.STOP, produces = MediaType.APPLICATION_JSON_VALUE)
    public RunStatus stop(
            @RequestParam(name = "wait", defaultValue = "false") boolean wait,
            @RequestParam(name = "scope", required = false) String scope,
            @RequestParam(name = "stopAtMs", required = false) Long stopAtMs) {
        if (grouped(scope)) {
            return group.stop(wait);
        }
        RunStatus status = runs.stop(stopAtMs);
        return wait && status.state() == io.kubemon.common.wire.RunState.STOPPING
                ? runs.awaitFinished(status.runId())
                : status;
    }

    @GetMapping(path = Paths.STATUS, produces = MediaType.APPLICATION_JSON_VALUE)
    public RunStatus status(@RequestParam(name = "scope", required = false) String scope) {
        return grouped(scope) ? group.status() : runs.status();
    }

    /** A member's part of a group start that another member refused: undone (see {@link GroupRuns}). */
    /** A mark's request: its label, and when (ISO-8601) if not now. */
    public record MarkRequest(String label, java.time.Instant at) {}

    /** The mark as written: which run, when, and its label. */
    public record Mark(String runId, java.time.Instant at, String label) {}

    /** A researcher's mark in the active run, written by this collector alone (in a group: the member asked). */
    @PostMapping(path = Paths.MARKS, produces = MediaType.APPLICATION_JSON_VALUE)
    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.CREATED)
    public Mark mark(@RequestBody MarkRequest request) {
        if (request == null) {
            throw io.kubemon.collector.web.ApiException.badRequest(
                    "invalid_mark", "body must be JSON like {\"label\": \"phase 2\"}");
        }
        io.kubemon.common.wire.Event e = runs.mark(
                request.label(), request.at() == null ? null : request.at().toEpochMilli());
        RunStatus s = runs.status();
        return new Mark(s.runId(), java.time.Instant.ofEpochMilli(e.timestampMs()), e.detail());
    }

    @PostMapping(path = "/abort", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> abort(@RequestParam("runId") String runId) {
        return Map.of("runId", runId, "aborted", runs.abort(runId));
    }
}
