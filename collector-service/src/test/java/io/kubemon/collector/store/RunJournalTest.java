package io.kubemon.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's format: what is written is what replay reads back, and a torn end is cut off. */
class RunJournalTest {
    @TempDir
    Path dir;

    @Test
    void aSnapshotReadsBackAsTheSameState() {
        RunJournal.State s = new RunJournal.State();
        s.batch("a1", 7, 40);
        s.batch("a1", 8, 10);
        s.batch("a2", 3, 5);
        s.files.put("os/n1.csv", new RunJournal.FileMark(1234, 49));
        s.files.put("container/n1.csv", new RunJournal.FileMark(99, 6));
        s.nextSegment = 4;

        RunJournal.State back = new RunJournal.State();
        for (String line : new String(RunJournal.snapshot(s), StandardCharsets.UTF_8).split("\n")) {
            assertThat(RunJournal.applyLine(back, line)).as(line).isTrue();
        }
        assertThat(back.agents).containsOnlyKeys("a1", "a2");
        assertThat(back.agents.get("a1")).isEqualTo(new RunJournal.AgentMark(8, 50, 2));
        assertThat(back.agents.get("a2")).isEqualTo(new RunJournal.AgentMark(3, 5, 1));
        assertThat(back.files.get("os/n1.csv")).isEqualTo(new RunJournal.FileMark(1234, 49));
        assertThat(back.files.get("container/n1.csv")).isEqualTo(new RunJournal.FileMark(99, 6));
        assertThat(back.nextSegment).isEqualTo(4);
        assertThat(RunJournal.snapshot(back)).isEqualTo(RunJournal.snapshot(s));
    }

    @Test
    void aCommitRecordOfTheLinesFormReadsBack() {
        RunJournal.Record r = new RunJournal.Record(false);
        r.batch("a1", 5, 10);
        r.batch("a2", 9, 3);
        r.file("os/n1.csv", 500, 13, List.of("rows\n".getBytes(StandardCharsets.UTF_8)));
        byte[] line = r.line(0);
        assertThat(new String(line, StandardCharsets.UTF_8)).isEqualTo("G 2 a1 5 10 a2 9 3 os/n1.csv=500:13\n");
        RunJournal.State s = new RunJournal.State();
        assertThat(RunJournal.applyLine(s, new String(line, StandardCharsets.UTF_8).strip()))
                .isTrue();
        assertThat(s.agents.get("a1")).isEqualTo(new RunJournal.AgentMark(5, 10, 1));
        assertThat(s.agents.get("a2")).isEqualTo(new RunJournal.AgentMark(9, 3, 1));
        assertThat(s.files.get("os/n1.csv")).isEqualTo(new RunJournal.FileMark(500, 13));
    }

    @Test
    void theLegacyOneBatchLineStillReads() {
        // Written by collectors before group commit: a run directory they left recovers after an upgrade.
        RunJournal.State s = new RunJournal.State();
        s.files.put("os/n1.net.csv", new RunJournal.FileMark(0, 4));
        assertThat(RunJournal.applyLine(s, "B a1 3 2 os/n1.net.csv=9")).isTrue();
        assertThat(s.agents.get("a1")).isEqualTo(new RunJournal.AgentMark(3, 2, 1));
        assertThat(s.files.get("os/n1.net.csv"))
                .isEqualTo(new RunJournal.FileMark(9, 4)); // no row count there: the known one kept
    }

    @Test
    void linesItDoesNotKnowAreRefusedNotGuessed() {
        RunJournal.State s = new RunJournal.State();
        assertThat(RunJournal.applyLine(s, "X 1 2")).isFalse();
        assertThat(RunJournal.applyLine(s, "A a1 3")).isFalse();
        assertThat(RunJournal.applyLine(s, "F os/n1.csv 3")).isFalse();
        assertThat(RunJournal.applyLine(s, "S")).isFalse();
        assertThat(RunJournal.applyLine(s, "G")).isFalse();
        assertThat(s.agents).isEmpty();
        assertThat(s.files).isEmpty();
    }

    @Test
    void replayWritesAWriteAheadRecordsBytesAgainAndCutsATornOneOff() throws Exception {
        byte[] rows1 = "r1\nr2\n".getBytes(StandardCharsets.UTF_8);
        byte[] rows2 = "r3\n".getBytes(StandardCharsets.UTF_8);
        try (JournalSegments.Segment seg = new JournalSegments.Segment(dir, 1)) {
            seg.append(record(1, "a1", 1, 2, "os/n1.csv", 6, rows1));
            ByteBuffer[] torn = record(1, "a1", 2, 1, "os/n1.csv", 9, rows2);
            torn[1].limit(1); // the machine failed during the force: never acknowledged
            seg.append(torn);
        }
        long segmentBefore = Files.size(JournalSegments.segment(dir, 1));

        RunJournal.State s = JournalReplay.replay(dir);

        assertThat(s.segmentsReplayed).isEqualTo(1);
        assertThat(s.agents.get("a1")).isEqualTo(new RunJournal.AgentMark(1, 2, 1));
        assertThat(s.files.get("os/n1.csv")).isEqualTo(new RunJournal.FileMark(6, 2));
        assertThat(Files.readString(dir.resolve("os/n1.csv")))
                .isEqualTo("r1\nr2\n"); // lost from the page cache: written again
        assertThat(Files.size(JournalSegments.segment(dir, 1))).isLessThan(segmentBefore); // torn record cut off
    }

    @Test
    void aTornLastJournalLineIsCutOffAndTheRestKept() throws Exception {
        Files.writeString(dir.resolve(RunJournal.FILE), "G 1 a1 1 4 os/n1.csv=40:4\nG 1 a1 2 4 os/n1.csv=8");
        RunJournal.State s = JournalReplay.replay(dir);
        assertThat(s.agents.get("a1")).isEqualTo(new RunJournal.AgentMark(1, 4, 1));
        assertThat(s.files.get("os/n1.csv")).isEqualTo(new RunJournal.FileMark(40, 4));
        assertThat(Files.readString(dir.resolve(RunJournal.FILE))).isEqualTo("G 1 a1 1 4 os/n1.csv=40:4\n");
    }

    @Test
    void aFileNamedOutsideTheRunIsNotWritten() throws Exception {
        try (JournalSegments.Segment seg = new JournalSegments.Segment(dir, 1)) {
            seg.append(record(1, "a1", 1, 1, "../escape.csv", 3, "x\n\n".getBytes(StandardCharsets.UTF_8)));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JournalReplay.replay(dir))
                .hasMessageContaining("names a file outside the run");
        assertThat(dir.resolveSibling("escape.csv")).doesNotExist();
    }

    @Test
    void aWriteAheadRecordNamesItsSegmentChecksumAndSizes() {
        RunJournal.Record r = new RunJournal.Record(true);
        r.batch("a1", 1, 2);
        byte[] rows = "r1\nr2\n".getBytes(StandardCharsets.UTF_8);
        r.file("os/n1.csv", 6, 2, List.of(rows));
        CRC32C crc = new CRC32C();
        crc.update(rows);
        assertThat(new String(r.line(3), StandardCharsets.UTF_8))
                .isEqualTo("W 3 " + Long.toHexString(crc.getValue()) + " 6 1 a1 1 2 os/n1.csv=6:2:6\n");
    }

    /** A write-ahead record of one file: one batch of {@code agent} and the file's bytes. */
    private static ByteBuffer[] record(
            long segment, String agent, long seq, long rows, String key, long length, byte[] payload) {
        RunJournal.Record r = new RunJournal.Record(true);
        r.batch(agent, seq, rows);
        r.file(key, length, rows, List.of(payload));
        return new ByteBuffer[] {ByteBuffer.wrap(r.line(segment)), ByteBuffer.wrap(payload)};
    }
}
