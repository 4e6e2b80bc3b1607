/**
 * A run's files, in rooms: {@link io.kubemon.collector.store.RunStore} (the public face: the run's
 * files surviving their volume failing, recovered from the journal without a restart),
 * {@link io.kubemon.collector.volume.StoreHealth} (the volume's state and the prober, in volume),
 * {@link io.kubemon.common.wire.StoreFault} (a failure's cause), {@link io.kubemon.collector.store.CsvRunWriter}
 * (exactly-once appends), {@code GroupCommit} (the two phases of a commit), {@code GroupJournal}
 * (the journal's two forms), {@code CommittedTotals} (what the files hold for certain),
 * {@code RunJournal} (the journal's state and format), {@code JournalReplay} and
 * {@code JournalSegments} (reading it back; the write-ahead segments), {@code CsvFormat} (a batch's
 * rows as CSV bytes, pure) and {@code RunFiles} (the open file handles, forcing, cutting back on
 * recovery).
 *
 * <p>May use volume (the volume's health). See docs/architecture.md.
 */
package io.kubemon.collector.store;
