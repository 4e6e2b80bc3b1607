package io.kubemon.common.schema;

/**
 * What a column's cells hold, for readers that type them (the Parquet export, SQL over a run):
 * the CSV writes every type as text, an empty cell for a missing value.
 */
public enum ValueType {
    /** The row's sample time: ISO-8601 UTC with milliseconds in the CSV. */
    TIMESTAMP,
    /** Text: names, ids, states. */
    TEXT,
    /** A whole number: counts, bytes, pids. */
    INTEGER,
    /** A number with a fraction: seconds, ratios, load averages, cores. */
    REAL;

    /**
     * The type a column's kind and unit imply: labels are text (the timestamp a timestamp),
     * times in seconds and ratios have fractions, every other number is whole. A column that has a
     * fraction without such a unit (a load average) says so itself ({@link Column#real()}).
     */
    static ValueType implied(String name, Kind kind, String unit) {
        if (kind == Kind.LABEL) {
            return name.equals("timestamp") ? TIMESTAMP : TEXT;
        }
        return unit.equals("seconds") || unit.equals("ratio") ? REAL : INTEGER;
    }
}
