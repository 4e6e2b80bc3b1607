package io.kubemon.agent.sampling;

import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.Sample;
import java.util.function.Consumer;

/**
 * One metric source, filling one table, like a node_exporter collector or a Telegraf input.
 * A new source is a new Spring component implementing this; each is switchable off with
 * {@code kubemon.agent.sources.<table>=false}.
 */
public interface MetricSource {

    Table table();

    /**
     * Reads the source and emits one row per entity for the interval since the previous read.
     * Counters need two readings, so the first read after {@link #reset()} (and the first of an
     * entity that just appeared) only primes and emits nothing.
     */
    void sample(Tick tick, Consumer<Sample> out);

    /** Forgets previous readings; called when a run starts. */
    void reset();
}
