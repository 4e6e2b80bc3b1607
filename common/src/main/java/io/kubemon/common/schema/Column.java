package io.kubemon.common.schema;

import java.util.Objects;

/**
 * One CSV column. The name follows Prometheus conventions: snake_case, base unit as suffix
 * ({@code _seconds}, {@code _bytes}); plain counts carry no suffix. Its {@link ValueType} follows
 * from kind and unit unless the column says otherwise.
 */
public record Column(String name, Kind kind, String unit, String help, ValueType type) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(type, "type");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("column name is not snake_case: " + name);
        }
    }

    public Column(String name, Kind kind, String unit, String help) {
        this(name, kind, unit, help, ValueType.implied(name, kind, unit));
    }

    public static Column label(String name, String help) {
        return new Column(name, Kind.LABEL, "", help);
    }

    public static Column gauge(String name, String unit, String help) {
        return new Column(name, Kind.GAUGE, unit, help);
    }

    public static Column counter(String name, String unit, String help) {
        return new Column(name, Kind.COUNTER, unit, help);
    }

    /** The same column holding numbers with a fraction (a load average, a share of cores). */
    public Column real() {
        return new Column(name, kind, unit, help, ValueType.REAL);
    }
}
