package io.kubemon.common.wire;

/** One monitor's part of a run: its files and the rows in them. */
public record MonitorTotals(long files, long rows) {
    public MonitorTotals plus(MonitorTotals other) {
        return new MonitorTotals(files + other.files, rows + other.rows);
    }
}
