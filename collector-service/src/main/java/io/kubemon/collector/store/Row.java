package io.kubemon.collector.store;

import io.kubemon.common.schema.Table;

/** A validated sample, ready to append: its table, file name and the table's cells in order. */
public record Row(Table table, String fileName, long timestamp, long intervalMs, String[] cells) {}
