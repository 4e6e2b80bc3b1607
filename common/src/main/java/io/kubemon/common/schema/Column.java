package io.kubemon.common.schema;

import java.util.Objects;

/**
 * One CSV column. The name follows Prometheus conventions: snake_case, base unit as suffix
 * ({@code _seconds}, {@code _bytes}); plain counts carry no suffix.
 */
public record Column(String name, Kind kind, String unit, String help) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(help, "help");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("column name is not snake_case: " + name);
        }
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
}
