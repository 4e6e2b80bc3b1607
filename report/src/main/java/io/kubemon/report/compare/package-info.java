/**
 * Runs set against runs: which container is which across runs ({@link io.kubemon.report.compare.Workloads}),
 * the ratio of two sides' means and its bootstrap interval ({@link io.kubemon.report.compare.RatioInterval}),
 * and the rows of a comparison ({@link io.kubemon.report.compare.Comparison}), for {@code kubemon compare} and
 * the report's comparison section. Pure: no files, no I/O.
 *
 * <p>Uses no other kubemon package. See docs/experiments.md.
 */
package io.kubemon.report.compare;
