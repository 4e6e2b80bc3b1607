/**
 * The column tables: one {@link io.kubemon.common.schema.Table} per CSV file kind, from which CSV headers, the collector's validation, the CLI's listing and docs/metrics.md are made.
 *
 * <p>Uses nothing of kubemon. See docs/architecture.md.
 */
package io.kubemon.common.schema;
