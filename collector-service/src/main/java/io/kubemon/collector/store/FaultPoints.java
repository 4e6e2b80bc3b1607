package io.kubemon.collector.store;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Named places in the store where a write to the data volume begins, so a test can make the volume
 * fill exactly there (PostgreSQL's injection points, for the same reason: a fault at each step of a
 * commit is the only way to show that no step loses or doubles a batch). Each step counts how often
 * it was reached; a test arms an action for the Nth time, which runs on the writing thread just
 * before the write: typically it fills the volume, so the write that follows fails with a real
 * ENOSPC from the real file system. Nothing is armed in production, where {@link #reach} is a
 * counter increment.
 */
public final class FaultPoints {
    /** The writes of a commit and of a run's records, in the order a batch meets them. */
    public enum Step {
        /** The group's record appended to the write-ahead segment ({@code fsync=batch}). */
        SEGMENT,
        /** The group's bytes appended to the CSV files. */
        CSV,
        /** The group's line appended to the journal ({@code fsync=interval|none}). */
        JOURNAL_LINE,
        /** A checkpoint: the files forced and the journal's snapshot written, retiring a segment. */
        CHECKPOINT,
        /** run.json or the active-run marker replaced (a temp file, then the rename). */
        RUN_RECORD
    }

    /** What runs at an armed point; may throw, as a write there would. */
    @FunctionalInterface
    public interface Action {
        void run(Step step, long count) throws IOException;
    }

    private static final Map<Step, AtomicLong> reached = new EnumMap<>(Step.class);
    private static final java.util.List<Armed> armed = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record Armed(Step step, long at, Action action) {}

    static {
        for (Step s : Step.values()) {
            reached.put(s, new AtomicLong());
        }
    }

    private FaultPoints() {}

    /** The store is about to write at {@code step}: counted, and the armed action runs if this is its time. */
    public static void reach(Step step) throws IOException {
        long n = reached.get(step).incrementAndGet();
        if (armed.isEmpty()) {
            return;
        }
        for (Armed a : armed) {
            if (a.step() == step && n == a.at() && armed.remove(a)) {
                a.action().run(step, n); // once: the action's own writes, and every later one, go through
            }
        }
    }

    /** How often {@code step} was reached since the last {@link #reset}. */
    public static long count(Step step) {
        return reached.get(step).get();
    }

    /** Runs {@code action} at the {@code nth} reach of {@code step} counted from now. */
    public static void arm(Step step, long nth, Action action) {
        if (nth < 1) {
            throw new IllegalArgumentException("nth must be at least 1: " + nth);
        }
        armed.add(new Armed(step, reached.get(step).get() + nth, action));
    }

    /** How many armed actions have not run yet. */
    public static int pending() {
        return armed.size();
    }

    /** Disarms, and starts every count again from 0. */
    public static void reset() {
        armed.clear();
        reached.values().forEach(c -> c.set(0));
    }
}
