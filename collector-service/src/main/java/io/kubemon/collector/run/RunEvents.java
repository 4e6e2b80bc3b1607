package io.kubemon.collector.run;

import io.kubemon.collector.group.Group;
import io.kubemon.collector.live.LiveFeed;
import io.kubemon.collector.store.CsvRunWriter;
import io.kubemon.collector.store.Row;
import io.kubemon.collector.store.RunStore;
import io.kubemon.common.schema.EventsTable;
import io.kubemon.common.wire.Event;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The collector's own rows of the {@code events} table: the run's start, stop and finish, agents
 * registered and lost, a resume after a restart, the data volume failing and recovering, and the
 * marks researchers set. Written into the run's files as a batch of one row from the collector
 * itself ({@link #AGENT_ID}), so they are exactly-once and journalled like an agent's, in
 * {@code events/<this collector>.csv}; the collector keeps no account of itself, so they count in
 * the run's rows and in no agent's account.
 */
@Component
public class RunEvents {
    private static final Logger log = LoggerFactory.getLogger(RunEvents.class);
    /** The agent id of the collector's own batches. */
    public static final String AGENT_ID = "collector";

    /** The node cell of the collector's rows, and the file they go to. */
    private final String node;

    private final String fileName;
    private final AtomicLong dropped = new AtomicLong();

    private final LiveFeed live;

    public RunEvents(Group group, LiveFeed live) {
        this.live = live;
        this.node = group.self() == null ? "collector" : "collector " + group.self();
        this.fileName = EventsTable.EVENTS.fileName(group.self() == null ? "collector" : "collector-" + group.self());
    }

    /**
     * Writes {@code e} into the run's files; false when the volume refused it (counted, said once
     * per fault: the volume's own events say why).
     */
    synchronized boolean write(RunStore store, Event e) {
        CsvRunWriter.Delivered before = store.byAgent().getOrDefault(AGENT_ID, CsvRunWriter.Delivered.NONE);
        Row row = new Row(EventsTable.EVENTS, fileName, e.timestampMs(), 0, e.cells());
        try {
            boolean written =
                    store.append(node, AGENT_ID, before.batches() + 1, List.of(row)) == CsvRunWriter.Outcome.WRITTEN;
            if (written) {
                live.accept(node, EventsTable.EVENTS, e.timestampMs(), 0, row.cells());
            }
            return written;
        } catch (IOException ex) {
            if (dropped.getAndIncrement() == 0) {
                log.warn("the run's event {} was not written: {}", e.kind().wire(), ex.getMessage());
            }
            return false;
        }
    }

    /** Events the volume refused since the collector started. */
    public long dropped() {
        return dropped.get();
    }
}
