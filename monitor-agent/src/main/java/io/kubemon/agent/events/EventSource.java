package io.kubemon.agent.events;

import io.kubemon.agent.host.EventLog;
import io.kubemon.agent.sampling.MetricSource;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.schema.EventsTable;
import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.Event;
import io.kubemon.common.wire.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The {@code events} table: each tick, the events recorded since the last one ({@link EventLog}),
 * one row each at the event's own time. Read after every other source (the sampler puts this
 * table last), so an event a source saw during a tick leaves with that tick. An event is never
 * later than the tick that carries it: a row after a run's stop instant would be refused with its
 * whole batch.
 */
@Component
public class EventSource implements MetricSource {
    private final EventLog log;

    public EventSource(EventLog log) {
        this.log = log;
    }

    @Override
    public Table table() {
        return EventsTable.EVENTS;
    }

    @Override
    public void reset() {
        log.clear();
    }

    @Override
    public void sample(Tick tick, Consumer<Sample> out) {
        List<Event> events = new ArrayList<>();
        log.drainTo(events, tick.timestamp());
        for (Event e : events) {
            long at = Math.min(e.timestampMs(), tick.timestamp());
            out.accept(new Sample(EventsTable.EVENTS.name(), tick.node(), at, 0, e.values()));
        }
    }
}
