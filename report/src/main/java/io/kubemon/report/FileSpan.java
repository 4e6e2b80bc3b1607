package io.kubemon.report;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A CSV file's first and last timestamps and its first row's interval, read from its head and tail
 * only (64 KiB each), so the time grid is planned before any file is read whole.
 */
record FileSpan(long firstMs, long lastMs, long intervalMs) {
    private static final int EDGE = 64 * 1024;

    /** The span of a file, or null for a file without rows. */
    static FileSpan of(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long size = raf.length();
            byte[] head = new byte[(int) Math.min(size, EDGE)];
            raf.readFully(head);
            String[] headLines = new String(head, StandardCharsets.UTF_8).split("\n", 3);
            if (headLines.length < 2) {
                return null;
            }
            Long first = timestamp(headLines[1]);
            if (first == null) {
                return null;
            }
            long interval = intervalCell(headLines[1]);
            int tailLen = (int) Math.min(size, EDGE);
            byte[] tail = new byte[tailLen];
            raf.seek(size - tailLen);
            raf.readFully(tail);
            String[] lines = new String(tail, StandardCharsets.UTF_8).split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                Long t = timestamp(lines[i]);
                if (t != null) {
                    return new FileSpan(first, Math.max(first, t), interval);
                }
            }
            return new FileSpan(first, first, interval);
        }
    }

    private static Long timestamp(String line) {
        int comma = line.indexOf(',');
        if (comma < 20) {
            return null;
        }
        try {
            return Instant.parse(line.substring(0, comma)).toEpochMilli();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long intervalCell(String line) {
        String[] cells = line.split(",", 3);
        try {
            return cells.length > 1 ? Math.round(Double.parseDouble(cells[1])) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
