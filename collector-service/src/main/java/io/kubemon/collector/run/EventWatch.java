package io.kubemon.collector.run;

import io.kubemon.collector.agents.AgentRegistry;
import io.kubemon.collector.agents.AgentState;
import io.kubemon.collector.agents.Instance;
import io.kubemon.collector.store.StoreHealth;
import io.kubemon.common.wire.Event;
import io.kubemon.common.wire.EventKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Turns what the collector sees change into the active run's events, once a second: an agent
 * lost (no heartbeat within the agent timeout) and the data volume's faults. A fault is written
 * once the volume takes writes again (while it fails nothing can be), as two events: failing
 * since when and why, then recovered.
 */
@Component
class EventWatch {
    private final RunManager runs;
    private final StoreMonitor store;
    private final AgentRegistry agents;
    private final Clock clock;

    private StoreHealth.Status fault;
    private final Set<String> lost = new HashSet<>();

    EventWatch(RunManager runs, StoreMonitor store, AgentRegistry agents, Clock clock) {
        this.runs = runs;
        this.store = store;
        this.agents = agents;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    synchronized void watch() {
        StoreHealth.Status s = store.health().status();
        if (s.failing()) {
            if (fault == null) {
                fault = s;
            }
        } else if (fault != null) {
            Instant since = fault.since() == null ? clock.instant() : fault.since();
            runs.record(Event.of(
                    since.toEpochMilli(),
                    EventKind.STORE_FAILING,
                    fault.cause().description() + " (" + fault.detail() + ")",
                    RunManager.SOURCE));
            runs.record(Event.of(
                    clock.millis(),
                    EventKind.STORE_RECOVERED,
                    "after " + Duration.between(since, clock.instant()).toSeconds() + " s",
                    RunManager.SOURCE));
            fault = null;
        }
        if (runs.active() == null) {
            lost.clear();
            return;
        }
        for (Instance i : agents.instances()) {
            if (i.state() != AgentState.LOST) {
                lost.remove(i.agentId());
            } else if (lost.add(i.agentId())) {
                runs.record(Event.of(
                        clock.millis(),
                        EventKind.AGENT_LOST,
                        "agent " + i.agentId() + " on " + i.nodeName() + ": no heartbeat since " + i.lastSeen(),
                        RunManager.SOURCE));
            }
        }
    }
}
