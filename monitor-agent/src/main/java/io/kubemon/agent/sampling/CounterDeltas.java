package io.kubemon.agent.sampling;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Previous raw counter readings per entity (a device, an interface, the host), turning readings
 * into increases over the interval. A counter that is missing (-1) or went backwards (device
 * re-created, 32-bit wrap) gives no increase: an empty cell, never a negative or a huge number.
 */
public final class CounterDeltas {
    /** Marks an increase that cannot be known. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private final Map<String, Reading> previous = new HashMap<>();

    /** Increases since the entity's previous reading, or null when this is its first reading. */
    public Delta update(String entity, long nanos, long[] raw) {
        Reading before = previous.put(entity, new Reading(nanos, raw.clone()));
        if (before == null || before.raw.length != raw.length) {
            return null;
        }
        long[] diff = new long[raw.length];
        for (int i = 0; i < raw.length; i++) {
            long a = before.raw[i];
            long b = raw[i];
            diff[i] = (a < 0 || b < 0 || b < a) ? UNKNOWN : b - a;
        }
        return new Delta(nanos - before.nanos, diff);
    }

    /** Drops entities that no longer exist, so a device that comes back starts afresh. */
    public void retainOnly(Set<String> entities) {
        previous.keySet().retainAll(entities);
    }

    public void clear() {
        previous.clear();
    }

    /** {@code value} scaled to the column's unit, or null when unknown. */
    public static Object scaled(long diff, long multiplier, long divisor) {
        if (diff == UNKNOWN) {
            return null;
        }
        if (divisor == 1) {
            return diff * multiplier;
        }
        return (diff * multiplier) / (double) divisor;
    }

    public record Delta(long elapsedNanos, long[] diff) {
        public long elapsedMs() {
            return Math.round(elapsedNanos / 1e6);
        }
    }

    private record Reading(long nanos, long[] raw) {}
}
