package io.kubemon.collector.live;

import io.kubemon.common.schema.EventsTable;
import io.kubemon.common.wire.Event;
import io.kubemon.common.wire.EventKind;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The latest events of the run for the live page, newest first: every row of the events table as
 * it is written (an agent's, the collector's own). A run's start begins the list afresh.
 */
public final class LiveEvents {
    /** Events the live page lists. */
    static final int KEEP = 50;

    private final Deque<Item> items = new ArrayDeque<>(KEEP);
    private final Map<String, Integer> ix = EventsTable.EVENTS.index();

    /** One event as the page shows it. */
    public record Item(Instant at, String node, String kind, String subject, String detail) {}

    synchronized void accept(String node, long timestampMs, String[] cells) {
        String kind = cell(cells, "kind");
        if (EventKind.RUN_STARTED.wire().equals(kind)) {
            items.clear();
        }
        String subject = Event.subject(
                node,
                cell(cells, "container_id"),
                cell(cells, "container_name"),
                cell(cells, "pod"),
                cell(cells, "namespace"),
                cell(cells, "pid"),
                cell(cells, "source"));
        if (items.size() == KEEP) {
            items.removeLast();
        }
        items.addFirst(new Item(Instant.ofEpochMilli(timestampMs), node, kind, subject, cell(cells, "detail")));
    }

    synchronized List<Item> latest() {
        return new ArrayList<>(items);
    }

    private String cell(String[] cells, String column) {
        String v = cells[ix.get(column)];
        return v == null ? "" : v;
    }
}
