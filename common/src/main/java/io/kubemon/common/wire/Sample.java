package io.kubemon.common.wire;

import java.util.Map;

/**
 * One row of one table.
 *
 * @param table      wire name of the {@link io.kubemon.common.schema.Table}
 * @param source     what the row is about and so which file it goes to (node name for host
 *                   tables, container name for container and process tables)
 * @param timestamp  sample time on the wall-clock grid, epoch milliseconds
 * @param intervalMs real elapsed time since the previous sample of this source
 * @param values     column name to value; absent or null means an empty cell
 */
public record Sample(String table, String source, long timestamp, long intervalMs, Map<String, Object> values) {}
