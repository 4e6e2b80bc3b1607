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
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The CSV files of one run directory as open handles: {@code <monitor>/<file>}, keyed
 * {@code "monitor/file"} as the journal names them, each opened for append on first use and kept
 * open until it has had no rows for a while (a run of thousands of short-lived containers would
 * otherwise hold a descriptor for each to its end), then forced and closed, and opened again for
 * append if rows come again. Knows nothing of batches or the journal: the writer decides what is
 * written where and when; this holds the channels, forces them, and cuts files back on recovery.
 * Guarded by the writer (not thread-safe), but for {@link #force} and {@link #retire}.
 */
final class RunFiles {
    private final Path dir;
    private final Map<String, Sink> open = new HashMap<>();
    /**
     * Channels taken out of {@link #open} to be closed as idle: a sync or checkpoint that took its
     * list of channels before may find one closed, which is no failure (it was forced before it was
     * closed). Weak: a closed channel is forgotten once no such list holds it.
     */
    private final Set<FileChannel> retired =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

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
        /** When rows last joined a group for this file (System.nanoTime). */
        long lastUsed = System.nanoTime();
        /** The last group that holds bytes of this file: the file is idle only once that is done. */
        CommitGroup lastGroup;

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

    int openCount() {
        return open.size();
    }

    /** Takes the files {@code idle} says are idle out of the open ones, to be {@link #retire retired}. */
    List<Sink> takeIdle(Predicate<Sink> idle) {
        List<Sink> taken = new ArrayList<>();
        for (Iterator<Sink> it = open.values().iterator(); it.hasNext(); ) {
            Sink s = it.next();
            if (idle.test(s)) {
                it.remove();
                retired.add(s.channel);
                taken.add(s);
            }
        }
        return taken;
    }

    /** Forces and closes files taken by {@link #takeIdle}; the first failure is thrown once all were tried. */
    void retire(List<Sink> sinks) throws IOException {
        IOException failure = null;
        for (Sink s : sinks) {
            try (FileChannel c = s.channel) {
                c.force(false);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Forces {@code channels}; one closed as idle meanwhile was forced before it was closed and is passed over. */
    void force(List<FileChannel> channels) throws IOException {
        for (FileChannel c : channels) {
            try {
                c.force(false);
            } catch (java.nio.channels.ClosedChannelException e) {
                if (!retired.contains(c)) {
                    throw e;
                }
            }
        }
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
