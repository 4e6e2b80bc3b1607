package io.kubemon.collector.ingest;

import io.kubemon.collector.agents.AgentRegistry;
import io.kubemon.common.wire.AgentState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The collector's own metrics on /actuator/prometheus, so the Prometheus a cluster already runs
 * can watch kubemon itself: rows ingested, batches rejected by reason, duplicates, batch
 * latency, and agents connected and lost.
 */
@Component
public class IngestMetrics {
    private final MeterRegistry registry;
    private final Counter rows;
    private final Counter duplicates;
    private final Timer latency;

    public IngestMetrics(MeterRegistry registry, AgentRegistry agents) {
        this.registry = registry;
        this.rows = Counter.builder("kubemon.rows.ingested")
                .description("Rows appended to CSV files")
                .register(registry);
        this.duplicates = Counter.builder("kubemon.batches.duplicate")
                .description("Batches received again and acknowledged without writing")
                .register(registry);
        this.latency = Timer.builder("kubemon.batch.latency")
                .description("Time to read, check and append one batch")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        for (AgentState state : AgentState.values()) {
            Gauge.builder(
                            "kubemon.agents",
                            agents,
                            a -> a.instances().stream()
                                    .filter(i -> i.state() == state)
                                    .count())
                    .description("Registered agents by state")
                    .tag("state", state.name().toLowerCase())
                    .register(registry);
        }
    }

    Timer latency() {
        return latency;
    }

    void written(int rowCount) {
        rows.increment(rowCount);
    }

    void duplicate() {
        duplicates.increment();
    }

    void rejected(String reason) {
        registry.counter("kubemon.batches.rejected", "reason", reason).increment();
    }
}
