package io.kubemon.collector.run;

import io.kubemon.collector.agents.AgentRegistry;
import io.kubemon.collector.volume.StoreHealth;
import io.kubemon.collector.volume.StoreMonitor;
import io.kubemon.common.wire.AgentState;
import io.kubemon.common.wire.Event;
import io.kubemon.common.wire.EventKind;
import io.kubemon.common.wire.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Turns what the collector sees change into the active run's events, once a second: an agent
 * lost (no heartbeat within the agent timeout) and the data volume's faults, however short. A
 * fault is written once the volume takes writes again (while it fails nothing can be), as two
 * events at their own instants: failing since when and why, then recovered.
 */
@Component
class EventWatch {
    private final RunManager runs;
    private final StoreMonitor store;
    private final AgentRegistry agents;
    private final Clock clock;

    /** Faults ended and not yet in the run's events (the run's files may still have been recovering). */
    private final List<StoreHealth.Fault> faults = new ArrayList<>();
    /** The since of the last fault written: a relapse of it is not written as a new fault. */
    private Instant lastSince;

    private final Set<String> lost = new HashSet<>();

    EventWatch(RunManager runs, StoreMonitor store, AgentRegistry agents, Clock clock) {
        this.runs = runs;
        this.store = store;
        this.agents = agents;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    synchronized void watch() {
        faults.addAll(store.health().endedFaults());
        for (Iterator<StoreHealth.Fault> it = faults.iterator(); it.hasNext(); ) {
            StoreHealth.Fault f = it.next();
            if (runs.active() == null) {
                it.remove(); // between runs: no run's timeline to put it in
                continue;
            }
            boolean failing = f.since().equals(lastSince)
                    || runs.record(Event.of(
                            f.since().toEpochMilli(),
                            EventKind.STORE_FAILING,
                            (f.cause() == null
                                            ? "a write to the data volume failed"
                                            : f.cause().description()) + " (" + f.detail() + ")",
                            RunManager.SOURCE));
            if (!failing) {
                break; // the run's files are not taking writes yet: next second
            }
            lastSince = f.since();
            if (runs.record(Event.of(
                    f.recoveredAt().toEpochMilli(),
                    EventKind.STORE_RECOVERED,
                    "after " + Duration.between(f.since(), f.recoveredAt()).toMillis() + " ms",
                    RunManager.SOURCE))) {
                it.remove();
            } else {
                break;
            }
        }
        ActiveRun active = runs.active();
        if (active == null) {
            lost.clear();
            return;
        }
        Instant started = active.run().startedAt();
        for (Instance i : agents.instances()) {
            if (i.state() != AgentState.LOST) {
                lost.remove(i.agentId());
            } else if (i.lastSeen() != null && i.lastSeen().isAfter(started) && lost.add(i.agentId())) {
                // Lost during the run: one gone before it started is not an event of this run.
                runs.record(Event.of(
                        clock.millis(),
                        EventKind.AGENT_LOST,
                        "agent " + i.agentId() + " on " + i.nodeName() + ": no heartbeat since " + i.lastSeen(),
                        RunManager.SOURCE));
            }
        }
    }
}
