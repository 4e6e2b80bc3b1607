/**
 * A run's files, in four rooms: {@link io.kubemon.collector.store.CsvRunWriter} (the public face:
 * exactly-once appends by group commit, the totals), {@code RunJournal} (the journal's format,
 * written and replayed in one place), {@code CsvFormat} (a batch's rows as CSV bytes, pure) and
 * {@code RunFiles} (the open file handles, forcing, cutting back on recovery).
 *
 * <p>Uses no other collector package. See docs/architecture.md.
 */
package io.kubemon.collector.store;
