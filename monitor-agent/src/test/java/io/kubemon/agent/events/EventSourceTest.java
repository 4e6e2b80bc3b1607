package io.kubemon.agent.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.agent.host.EventLog;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.wire.Event;
import io.kubemon.common.wire.EventKind;
import io.kubemon.common.wire.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The events table's rows from the event log: one each, at the event's time, never after the tick's. */
class EventSourceTest {
    @Test
    void eachEventIsARowAtItsOwnTimeNeverLaterThanItsTick() {
        EventLog log = new EventLog();
        EventSource source = new EventSource(log);
        log.record(Event.of(1_500, EventKind.TICKS_MISSED, "3 tick(s)", "sampler"));
        log.record(Event.of(2_300, EventKind.SPOOL_OVERFLOW, "late", "transport"));
        List<Sample> rows = new ArrayList<>();
        source.sample(new Tick(2_000, 0, "n1"), rows::add);
        assertThat(rows).extracting(Sample::timestamp).containsExactly(1_500L, 2_000L);
        assertThat(rows).allSatisfy(s -> {
            assertThat(s.table()).isEqualTo("events");
            assertThat(s.source()).isEqualTo("n1");
            assertThat(s.intervalMs()).isZero();
        });
        assertThat(rows.get(0).values()).containsEntry("kind", "ticks_missed").containsEntry("detail", "3 tick(s)");
        rows.clear();
        source.sample(new Tick(3_000, 0, "n1"), rows::add);
        assertThat(rows).as("each event once").isEmpty();
    }

    @Test
    void aBurstBeyondTheBoundIsCountedAndSaidNotDroppedSilentlyAndAResetForgets() {
        EventLog log = new EventLog();
        for (int i = 0; i < EventLog.CAPACITY + 25; i++) {
            log.record(Event.of(i, EventKind.CONTAINER_EXITED, "exit code 0", "docker"));
        }
        List<Sample> rows = new ArrayList<>();
        EventSource source = new EventSource(log);
        source.sample(new Tick(1_000_000, 0, "n1"), rows::add);
        assertThat(rows).hasSize(EventLog.CAPACITY + 1);
        assertThat(rows.get(rows.size() - 1).values())
                .containsEntry("kind", "events_dropped")
                .containsEntry("detail", "25 event(s) beyond the agent's 10000 per interval were not kept");
        log.record(Event.of(1, EventKind.MARK, "x", "mark"));
        source.reset();
        rows.clear();
        source.sample(new Tick(2_000_000, 0, "n1"), rows::add);
        assertThat(rows).isEmpty();
    }
}
