package io.kubemon.agent.host;

import io.kubemon.common.wire.Event;
import io.kubemon.common.wire.EventKind;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Where whatever sees an event (the Docker engine's stream, a cgroup's OOM counter, the pod
 * informer, the sampler, the sender) leaves it for the next tick, which writes it to the run's
 * {@code events} table. Recording never blocks: the log holds at most {@link #CAPACITY} events
 * between two ticks, and a burst beyond that is counted and said as one {@code events_dropped}
 * event, never dropped silently.
 */
@Component
public class EventLog {
    /** Events kept between two ticks (a hundred containers exiting at once is far below it). */
    public static final int CAPACITY = 10_000;

    private final ArrayBlockingQueue<Event> queue;
    private final AtomicLong dropped = new AtomicLong();

    public EventLog() {
        this(CAPACITY);
    }

    EventLog(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Keeps {@code e} for the next tick; counts it instead when the log is full. */
    public void record(Event e) {
        if (!queue.offer(e)) {
            dropped.incrementAndGet();
        }
    }

    /** Moves the kept events into {@code out}, and an {@code events_dropped} event if any were not kept. */
    public void drainTo(List<Event> out, long nowMs) {
        queue.drainTo(out);
        long d = dropped.getAndSet(0);
        if (d > 0) {
            out.add(Event.of(
                    nowMs,
                    EventKind.EVENTS_DROPPED,
                    d + " event(s) beyond the agent's " + CAPACITY + " per interval were not kept",
                    "agent"));
        }
    }

    /** A run starts: events seen before it are not its own. */
    public void clear() {
        queue.clear();
        dropped.set(0);
    }
}
