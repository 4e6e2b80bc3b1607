package io.kubemon.agent.procfs;

import java.util.concurrent.atomic.LongAdder;

/**
 * The count of fields a parser found present but could not read (not a whole number, not a
 * decimal, a line of the wrong shape among good ones). The one bad-field policy of every parser:
 * the field costs its own cell, left empty, and is counted here, never silently. One per table:
 * the sampler's thread counts, the heartbeat reads (hence a LongAdder).
 */
public final class Malformed {
    private final String table;
    private final LongAdder count = new LongAdder();

    public Malformed(String table) {
        this.table = table;
    }

    /** One field read as missing because it was malformed. */
    public void field() {
        count.increment();
    }

    public long count() {
        return count.sum();
    }

    public String table() {
        return table;
    }
}
