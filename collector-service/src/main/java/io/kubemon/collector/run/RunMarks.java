package io.kubemon.collector.run;

import io.kubemon.collector.web.ApiException;
import io.kubemon.common.wire.Event;
import io.kubemon.common.wire.EventKind;
import java.time.Instant;

/** What makes a researcher's mark valid: a label, and an instant inside the run. Pure. */
final class RunMarks {
    /** A mark's longest label. */
    static final int MAX_LABEL = io.kubemon.common.wire.Event.MAX_MARK_LABEL;

    private RunMarks() {}

    /**
     * The mark to write in run {@code a}: at {@code at} (epoch ms) if given, which must lie in the
     * run (from its start to now, or to its stop instant once stopping), else now.
     *
     * @throws ApiException 400 for a bad label or instant
     */
    static Event check(ActiveRun a, String label, Long at, long nowMs) {
        String text = label == null ? "" : label.strip();
        if (text.isEmpty() || text.length() > MAX_LABEL) {
            throw ApiException.badRequest(
                    "invalid_mark", "a mark needs a label of 1 to " + MAX_LABEL + " characters, got " + text.length());
        }
        long end = a.stopping() == null ? nowMs : a.stopping().stopAtMs();
        long when = at == null ? Math.min(nowMs, end) : at;
        long start = a.run().startedAt().toEpochMilli();
        if (when < start || when > end) {
            throw ApiException.badRequest(
                    "invalid_mark",
                    "a mark's time must lie in run " + a.run().runId() + " (" + Instant.ofEpochMilli(start) + " to "
                            + Instant.ofEpochMilli(end) + "), got " + Instant.ofEpochMilli(when));
        }
        return Event.of(when, EventKind.MARK, text, "mark");
    }
}
