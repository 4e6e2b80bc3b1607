/**
 * A run's files: the CSV writer with its group commit and the write-ahead journal it recovers from.
 *
 * <p>Uses no other collector package. See docs/architecture.md.
 */
package io.kubemon.collector.store;
