package io.kubemon.agent.sampling;

import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.Kind;
import io.kubemon.common.schema.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The one way a source turns raw kernel fields into counter columns: a declared list of
 * (column, where its raw field is, how it scales to the column's unit), read from one parsed
 * reading {@code R} of an entity. Every source's counters go through this, so the kernel's units
 * (USER_HZ ticks, 512-byte sectors, milliseconds, microseconds, nanoseconds) are said once, next
 * to the column, and never inferred from a name or a position.
 *
 * <p>Checked against the table when built (at startup): each declared column exists there as a
 * counter of the declared unit, none is declared twice, and every counter column of the table is
 * declared. A typo, a forgotten divisor or a column nobody fills fails the agent's start, named,
 * instead of a refused batch or an always-empty column at run time.
 *
 * @param <R> what the source parsed for one entity (a diskstats line, a process's files, ...)
 */
public final class Counters<R> {

    /**
     * One counter column: {@code field} gives the kernel's raw, monotonically increasing value
     * (negative when missing or malformed: an empty cell), scaled by {@code multiplier / divisor}.
     */
    public record Counter<R>(String column, String unit, ToLongFunction<R> field, long multiplier, long divisor) {}

    /** A plain count (faults, packets, operations), written as it is. */
    public static <R> Counter<R> count(String column, ToLongFunction<R> field) {
        return new Counter<>(column, "", field, 1, 1);
    }

    /** A byte counter whose raw unit is {@code bytesPerUnit} bytes (1 for bytes, 512 for sectors). */
    public static <R> Counter<R> bytes(String column, ToLongFunction<R> field, long bytesPerUnit) {
        return new Counter<>(column, "bytes", field, bytesPerUnit, 1);
    }

    /** A time counter whose raw unit is 1/{@code perSecond} s (USER_HZ ticks, ms, µs, ns). */
    public static <R> Counter<R> seconds(String column, ToLongFunction<R> field, long perSecond) {
        return new Counter<>(column, "seconds", field, 1, perSecond);
    }

    private final List<Counter<R>> counters;

    public Counters(Table table, List<Counter<R>> counters) {
        this(table, counters, Set.of());
    }

    /**
     * As above, for a table some of whose counter columns the source fills itself, as increases
     * it sums over entities (a container's schedstat over its processes), not from one raw field.
     */
    public Counters(Table table, List<Counter<R>> counters, Set<String> filledBySource) {
        this.counters = List.copyOf(counters);
        Map<String, Integer> index = table.index();
        Set<String> declared = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Counter<R> c : counters) {
            Integer at = index.get(c.column());
            Column column = at == null ? null : table.columns().get(at);
            if (column == null || column.kind() != Kind.COUNTER) {
                problems.add(c.column() + " is not a counter column of the table");
            } else if (!column.unit().equals(c.unit())) {
                problems.add(c.column() + " is in '" + column.unit() + "' but declared in '" + c.unit() + "'");
            }
            if (!declared.add(c.column())) {
                problems.add(c.column() + " is declared twice");
            }
        }
        for (Column column : table.columns()) {
            if (column.kind() == Kind.COUNTER
                    && !declared.contains(column.name())
                    && !filledBySource.contains(column.name())) {
                problems.add(column.name() + " is a counter of the table that no field fills");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("counters of table " + table.name() + ": " + String.join("; ", problems));
        }
    }

    /** The raw readings of one entity, in declaration order: what {@link CounterDeltas} keeps. */
    public long[] read(R reading) {
        long[] raw = new long[counters.size()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = counters.get(i).field().applyAsLong(reading);
        }
        return raw;
    }

    /** Puts each counter's increase, in its column's unit (null: unknown, an empty cell). */
    public void put(CounterDeltas.Delta delta, Map<String, Object> values) {
        long[] diff = delta.diff();
        for (int i = 0; i < diff.length; i++) {
            Counter<R> c = counters.get(i);
            values.put(c.column(), CounterDeltas.scaled(diff[i], c.multiplier(), c.divisor()));
        }
    }

    public List<Counter<R>> counters() {
        return counters;
    }
}
