package io.kubemon.collector.store;

import io.kubemon.collector.store.RunJournal.State;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a run directory's journal back ({@link RunJournal} has its format): the snapshot or lines
 * of {@code .kubemon-journal}, then every write-ahead segment from the snapshot's on, each record's
 * bytes written again at their place; a torn or corrupt last record is cut off.
 */
final class JournalReplay {
    private static final Logger log = LoggerFactory.getLogger(RunJournal.class);
    /** A group names each file it touched; even thousands of files stay far below this. */
    private static final long MAX_HEADER = 16L << 20;

    private JournalReplay() {}

    /**
     * Reads what the run directory's journal says is committed: the journal's lines, then every
     * write-ahead segment from the snapshot's next one, whose records' bytes are written again into
     * the CSV files at their offsets. Cuts a torn last line or record off its file.
     */
    static State replay(Path dir) throws IOException {
        State s = new State();
        Path journal = dir.resolve(RunJournal.FILE);
        if (Files.exists(journal)) {
            byte[] bytes = Files.readAllBytes(journal);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--; // a torn last line describes a group that was never acknowledged
            }
            for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty() && !RunJournal.applyLine(s, line)) {
                    log.warn("journal of {}: line not understood, skipped: {}", dir, line);
                }
            }
            if (end < bytes.length) {
                truncate(journal, end);
            }
        }
        for (long k = s.nextSegment; Files.exists(JournalSegments.segment(dir, k)); k++) {
            s.segmentsReplayed++;
            // A segment that ends early is the last one written to (a torn record: nothing after it
            // was acknowledged), or one that was full and has a successor: a segment is begun only
            // after the record that filled the one before was forced, so the earlier one's records
            // end there, and what follows them is a recycled spare's old content. Its successor's
            // records are committed and are read (stopping here lost every batch a failed or
            // unfinished checkpoint had not yet covered).
            replaySegment(dir, JournalSegments.segment(dir, k), k, s);
        }
        return s;
    }

    /**
     * Replays one segment's records; false when it ended before its end of file: in a torn record
     * (cut off), or where a recycled segment's zeros or stale records begin.
     */
    private static boolean replaySegment(Path dir, Path segment, long number, State s) throws IOException {
        Map<String, FileChannel> targets = new HashMap<>();
        try (FileChannel in = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = in.size();
            long pos = 0;
            while (pos < size) {
                byte[] header = readHeader(in, pos);
                String[] f = header == null ? null : new String(header, StandardCharsets.UTF_8).split(" ");
                if (f == null || f.length < 5 || !f[0].equals("W") || !f[1].equals(Long.toString(number))) {
                    return end(
                            in,
                            segment,
                            pos,
                            header == null
                                    ? "its end"
                                    : "a record "
                                            + "not of this segment (a recycled segment's old content) or a torn header");
                }
                long crc = Long.parseLong(f[2], 16);
                long payload = Long.parseLong(f[3]);
                long start = pos + header.length + 1;
                if (start + payload > size || checksum(in, start, payload) != crc) {
                    return end(in, segment, pos, "a torn record (never acknowledged)");
                }
                int n = Integer.parseInt(f[4]);
                RunJournal.batchEntries(s, f, 5, n);
                long[] sizes = RunJournal.fileEntries(s, f, 5 + 3 * n, true);
                long at = start;
                for (int i = 0; i < sizes.length; i++) {
                    String entry = f[5 + 3 * n + i];
                    String key = entry.substring(0, entry.lastIndexOf('='));
                    FileChannel target = targets.get(key);
                    if (target == null) {
                        target = open(dir, key);
                        targets.put(key, target);
                    }
                    long offset = s.files.get(key).length() - sizes[i];
                    for (long done = 0; done < sizes[i]; ) {
                        done += in.transferTo(at + done, sizes[i] - done, target.position(offset + done));
                    }
                    at += sizes[i];
                }
                pos = start + payload;
            }
            return true;
        } finally {
            for (FileChannel c : targets.values()) {
                c.close();
            }
        }
    }

    private static FileChannel open(Path dir, String key) throws IOException {
        Path file = dir.resolve(key).normalize();
        if (!file.startsWith(dir) || key.contains("..")) {
            throw new IOException("journal of " + dir + " names a file outside the run: " + key);
        }
        Files.createDirectories(file.getParent());
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private static boolean end(FileChannel in, Path segment, long pos, String what) throws IOException {
        log.info("{}: replayed up to byte {}, where {} begins; cut off there", segment, pos, what);
        in.truncate(pos);
        return false;
    }

    private static long checksum(FileChannel in, long from, long length) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(1 << 20, Math.max(length, 1)));
        for (long done = 0; done < length; ) {
            buf.clear().limit((int) Math.min(buf.capacity(), length - done));
            int r = in.read(buf, from + done);
            if (r < 0) {
                return -1;
            }
            buf.flip();
            crc.update(buf);
            done += r;
        }
        return crc.getValue();
    }

    /**
     * The record header from {@code pos} up to its newline, or null where no record begins (the file
     * ends first, or a recycled segment holds no record there: a header starts with 'W' and is far
     * shorter than a segment, so a recycled segment's bytes are never read whole as one header).
     */
    private static byte[] readHeader(FileChannel in, long pos) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        ByteBuffer buf = ByteBuffer.allocate(8192);
        for (long at = pos; at - pos < MAX_HEADER; ) {
            buf.clear();
            int r = in.read(buf, at);
            if (r <= 0 || (at == pos && buf.get(0) != 'W')) {
                return null;
            }
            for (int i = 0; i < r; i++) {
                if (buf.get(i) == '\n') {
                    line.write(buf.array(), 0, i);
                    return line.toByteArray();
                }
            }
            line.write(buf.array(), 0, r);
            at += r;
        }
        return null;
    }

    private static void truncate(Path file, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(length);
        }
    }
}
