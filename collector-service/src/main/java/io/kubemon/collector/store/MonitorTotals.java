package io.kubemon.collector.store;

/** One monitor's part of a run: its files and the rows in them. */
public record MonitorTotals(long files, long rows) {}
