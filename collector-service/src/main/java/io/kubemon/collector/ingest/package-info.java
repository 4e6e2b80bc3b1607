/**
 * Batches in: streaming validation against the column tables, then the run's writer.
 *
 * <p>May use agents, config, live, run, store and web. See docs/architecture.md.
 */
package io.kubemon.collector.ingest;
