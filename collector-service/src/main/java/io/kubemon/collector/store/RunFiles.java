package io.kubemon.collector.store;

import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CSV files of one run directory as open handles: {@code <monitor>/<file>}, keyed
 * {@code "monitor/file"} as the journal names them, each opened for append on first use and kept
 * open to the end of the run. Knows nothing of batches or the journal: the writer decides what is
 * written where and when; this holds the channels, forces them, and cuts files back on recovery.
 * Guarded by the writer (not thread-safe).
 */
final class RunFiles {
    private final Path dir;
    private final Map<String, Sink> open = new HashMap<>();

    RunFiles(Path dir) {
        this.dir = dir;
    }

    /** One open CSV file. {@code planned} and {@code rows} are the writer's bookkeeping of it. */
    static final class Sink {
        final String key;
        final FileChannel channel;
        /** The file's length when opened: 0 for a new file, which needs its header first. */
        final long openedAt;
        /** The file's length once every taken group's bytes are written; planned in phase one (under commitLock). */
        long planned;

        long rows;

        Sink(String key, FileChannel channel, long length, long rows) {
            this.key = key;
            this.channel = channel;
            this.openedAt = length;
            this.planned = length;
            this.rows = rows;
        }
    }

    static String key(Table table, String fileName) {
        return table.monitor() + "/" + fileName;
    }

    /** The open file of that key, or null. */
    Sink get(String key) {
        return open.get(key);
    }

    /** Opens (creating it and its monitor's directory where needed) the file of {@code table}. */
    Sink open(Table table, String fileName, long committedRows) throws IOException {
        Path monitorDir = dir.resolve(table.monitor());
        Files.createDirectories(monitorDir);
        FileChannel channel = FileChannel.open(
                monitorDir.resolve(fileName),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        Sink sink = new Sink(key(table, fileName), channel, channel.size(), committedRows);
        open.put(sink.key, sink);
        return sink;
    }

    List<FileChannel> channels() {
        List<FileChannel> channels = new ArrayList<>(open.size());
        for (Sink s : open.values()) {
            channels.add(s.channel);
        }
        return channels;
    }

    /** Forces the named files that exist, opened for the purpose (before any is kept open). */
    void forceExisting(Collection<String> keys) throws IOException {
        for (String key : keys) {
            Path p = dir.resolve(key);
            if (Files.exists(p)) {
                try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    c.force(false);
                }
            }
        }
    }

    /** Forces the monitors' directories, so new files' names survive a machine failure. */
    void forceDirectories() throws IOException {
        for (String monitor : Schemas.MONITORS) {
            if (Files.isDirectory(dir.resolve(monitor))) {
                JournalSegments.forceDirectory(dir.resolve(monitor));
            }
        }
    }

    /**
     * Cuts every CSV file back to its committed length ({@code committed}: by key)
     * and removes files no committed batch wrote to.
     *
     * @return how many files were cut or removed
     */
    int cutBack(Map<String, RunJournal.FileMark> committed) throws IOException {
        int cut = 0;
        for (String monitor : Schemas.MONITORS) {
            Path monitorDir = dir.resolve(monitor);
            if (!Files.isDirectory(monitorDir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(monitorDir)) {
                for (Path p : s.toList()) {
                    RunJournal.FileMark c = committed.get(monitor + "/" + p.getFileName());
                    if (c == null) {
                        Files.delete(p);
                        cut++;
                    } else if (Files.size(p) > c.length()) {
                        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                            ch.truncate(c.length());
                        }
                        cut++;
                    }
                }
            }
        }
        return cut;
    }

    /** Closes every file; the failures, if any, are collected rather than stopping at the first. */
    void close(List<IOException> failures) {
        for (Sink s : open.values()) {
            try {
                s.channel.close();
            } catch (IOException e) {
                failures.add(e);
            }
        }
    }
}
