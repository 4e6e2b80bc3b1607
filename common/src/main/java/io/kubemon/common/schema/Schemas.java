package io.kubemon.common.schema;

import java.util.List;
import java.util.Optional;

/**
 * The registry of column tables: the built-in ones ({@link OsTables}, {@link ContainerTables},
 * {@link EventsTable}) and those of any {@link TableProvider} on the class path. A table is the
 * single source of its CSV header, the collector's validation and {@code docs/metrics.md}: change
 * one, bump its version, and regenerate the docs.
 */
public final class Schemas {
    public static final String MONITOR_OS = "os";
    public static final String MONITOR_CONTAINER = "container";
    public static final String MONITOR_PROCESS = "process";
    public static final String MONITOR_EVENTS = "events";

    /** The built-in tables. */
    public static final List<Table> BUILT_IN = List.of(
            OsTables.OS,
            OsTables.OS_DISK,
            OsTables.OS_NET,
            OsTables.OS_CPU,
            ContainerTables.CONTAINER,
            ContainerTables.CONTAINER_PERF,
            ContainerTables.PROCESS,
            EventsTable.EVENTS);
    /** Every table: the built-in ones, then those of any {@link TableProvider} on the class path. */
    public static final List<Table> ALL = withProvided(BUILT_IN);
    /** The monitors, each a directory of a run: os, container, process. */
    public static final List<String> MONITORS =
            ALL.stream().map(Table::monitor).distinct().toList();

    private Schemas() {}

    /**
     * The built-in tables and the provided ones, checked: a provided table may not reuse a name, or
     * a monitor and file suffix, that another table has (its files would be mistaken for the other's).
     */
    static List<Table> withProvided(List<Table> builtIn) {
        List<Table> all = new java.util.ArrayList<>(builtIn);
        for (TableProvider p : java.util.ServiceLoader.load(TableProvider.class, Schemas.class.getClassLoader())) {
            for (Table t : p.tables()) {
                for (Table other : all) {
                    if (other.name().equals(t.name())
                            || (other.monitor().equals(t.monitor())
                                    && other.fileSuffix().equals(t.fileSuffix()))) {
                        throw new IllegalStateException(
                                "table " + t.name() + " of " + p.getClass().getName()
                                        + " has the name, or the monitor and file suffix, of table " + other.name());
                    }
                }
                all.add(t);
            }
        }
        return List.copyOf(all);
    }

    public static Optional<Table> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
