/**
 * The run's self-contained HTML report, from a run directory's files.
 *
 * <p>Uses common.schema. See docs/architecture.md.
 */
package io.kubemon.report;
