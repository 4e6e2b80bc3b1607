package io.kubemon.report;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One row of a kubemon CSV file, its cells found by the file's own header (so a file of an older
 * table version reads too: a column it lacks is an empty cell). Counters in kubemon's files are
 * increases over the row's own {@code interval_ms}, so a rate is the cell divided by that.
 */
final class CsvRow {
    private final Map<String, Integer> index = new HashMap<>();
    private String[] cells;
    private long timestampMs;
    private double intervalSeconds;

    CsvRow(String[] header) {
        for (int i = 0; i < header.length; i++) {
            index.put(header[i], i);
        }
    }

    /** Moves to the next line; false when it has no readable timestamp (a torn last line). */
    boolean set(String[] line) {
        cells = line;
        try {
            timestampMs = Instant.parse(text("timestamp")).toEpochMilli();
        } catch (RuntimeException e) {
            return false;
        }
        double interval = num("interval_ms");
        intervalSeconds = interval > 0 ? interval / 1000 : Double.NaN;
        return true;
    }

    long timestampMs() {
        return timestampMs;
    }

    boolean has(String column) {
        return index.containsKey(column);
    }

    String text(String column) {
        Integer i = index.get(column);
        return i == null || i >= cells.length ? "" : cells[i];
    }

    /** The cell as a number; NaN when empty or absent: missing data is a gap, not a zero. */
    double num(String column) {
        String s = text(column);
        if (s.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A counter cell per second of the row's own interval. */
    double rate(String column) {
        return num(column) / intervalSeconds;
    }

    /** The sum of cells; NaN when any is missing (a partial sum would draw a false dip). */
    double sum(String... columns) {
        double s = 0;
        for (String c : columns) {
            s += num(c);
        }
        return s;
    }

    double rateSum(String... columns) {
        return sum(columns) / intervalSeconds;
    }
}
