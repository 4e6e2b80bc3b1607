package io.kubemon.agent.host;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The thin reading half of every source: a whole pseudo-file as text, or empty when the kernel
 * does not have it (no /proc/pressure before 4.20) or we may not read it. A missing file is
 * normal and becomes empty cells; it is logged once per path, not once per tick.
 *
 * <p>Files read every tick stay open and are re-read with {@code pread} at offset 0, which makes
 * the kernel generate a seq_file afresh: the path lookup, open and close that dominated a
 * whole-file read (measured with async-profiler: a quarter of the agent's CPU) happen once per
 * file instead of once per tick. This relies on what is true of procfs, sysfs and cgroupfs: a
 * file changes in place and is never replaced by another inode at the same path. A process that
 * exited answers ESRCH (or nothing) on its old handle, a removed cgroup ENODEV: either way the
 * handle is dropped and the path opened afresh once, so a reused pid reads the new process.
 * Handles idle for {@link #IDLE_NANOS} are closed, and at most {@link #MAX_OPEN} are kept.
 */
@Component
public class ProcFiles {
    private static final Logger log = LoggerFactory.getLogger(ProcFiles.class);
    /**
     * A full node keeps about 4 300 files open (110 containers × 5 processes × stat, status, io and
     * schedstat, and each container's cgroup files): past this bound the least recently read are
     * closed, and a bound below a tick's files closes and reopens them every tick (at 4 096 that
     * doubled the agent's CPU per sample; BENCHMARKS.md).
     */
    static final int MAX_OPEN = 16_384;

    static final long IDLE_NANOS = 60_000_000_000L;

    private final Set<Path> reported = ConcurrentHashMap.newKeySet();
    /** Open handles in access order, so the eldest is the least recently read. */
    private final LinkedHashMap<Path, Handle> open = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Handle> eldest) {
            if (size() > MAX_OPEN) {
                closeQuietly(eldest.getValue().channel);
                return true;
            }
            return false;
        }
    };
    /** One buffer for every read: reads are serialised, and a direct buffer saves the JDK's copy. */
    private ByteBuffer buffer = ByteBuffer.allocateDirect(16 * 1024);

    private byte[] bytes = new byte[16 * 1024];
    private long lastSweep = System.nanoTime();

    private static final class Handle {
        final FileChannel channel;
        final long generation;
        long lastRead;

        Handle(FileChannel channel, long lastRead, long generation) {
            this.channel = channel;
            this.lastRead = lastRead;
            this.generation = generation;
        }
    }

    /** A file read every tick; a missing or unreadable one is logged once. */
    public Optional<String> read(Path path) {
        try {
            return Optional.of(readKept(path));
        } catch (NoSuchFileException e) {
            if (reported.add(path)) {
                log.info("{} does not exist on this host; its columns stay empty", path);
            }
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            if (reported.add(path)) {
                log.warn("cannot read {} ({}); its columns stay empty", path, e.toString());
            }
            return Optional.empty();
        }
    }

    /**
     * For per-container and per-process files read every tick, which vanish whenever a process or
     * container exits: missing or unreadable is an ordinary outcome, not worth a log line.
     */
    public Optional<String> readQuiet(Path path) {
        try {
            return Optional.of(readKept(path));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * A file whose content the kernel caches per open file: opened, read and closed every time.
     * cgroup v1 builds a {@code cgroup.procs} pid list on the first read after open and serves
     * that list to every later read of the same open file until it has gone about a second
     * unread, so a kept handle re-read every tick never saw a fork or an exit (measured: a process
     * started 30 s into a run at 500 ms never got a row). Missing or unreadable is empty, quietly.
     */
    public Optional<String> readFresh(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            synchronized (this) {
                return Optional.of(text(readAll(channel)));
            }
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * As {@link #readQuiet(Path)}, for a file whose meaning can change while its path stays: a
     * kept handle is used only while {@code generation} is the one it was opened under. A kept
     * {@code /proc/<pid>/net/dev} goes on answering for the network namespace it was opened in
     * after its process exited, so a pid reused in another namespace would report the old one's
     * traffic; with the namespace's inode as the generation it is reopened.
     */
    public Optional<String> readQuiet(Path path, long generation) {
        try {
            return Optional.of(readKept(path, generation));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * A file read once (a command line, a process's cgroup at discovery): no handle is kept. Read
     * through the shared buffer, as {@link #readFresh}: {@code Files.readAllBytes} allocated 8 KiB
     * for every /proc file (they report size 0), 1 MB a tick at 110 containers forking a process a
     * second each (measured with async-profiler's allocation profile).
     */
    public Optional<String> readOnce(Path path) {
        return readFresh(path);
    }

    /**
     * Closes the kept handle of {@code path}, if any: for files of a process that has exited. Left
     * to the idle sweep, a fork-heavy node (110 containers forking a process a second) kept tens of
     * thousands of dead handles for a minute each, and their objects, old by then, filled the old
     * generation (a full collection every ~1 min; measured with the GC log at 200 ms).
     */
    public synchronized void close(Path path) {
        Handle h = open.remove(path);
        if (h != null) {
            closeQuietly(h.channel);
        }
    }

    /**
     * Closes the kept handles of every path that contains {@code segment}: the cgroup files of a
     * container that is gone (its group's path in each controller). Left to the idle sweep, a node
     * replacing containers by the hundred held each one's files for a minute after it ended.
     */
    public synchronized void closeContaining(String segment) {
        for (Iterator<Map.Entry<Path, Handle>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, Handle> e = it.next();
            if (e.getKey().toString().contains(segment)) {
                closeQuietly(e.getValue().channel);
                it.remove();
            }
        }
    }

    /** Whether a handle of {@code path} is kept (for tests). */
    public synchronized boolean keeps(Path path) {
        return open.containsKey(path);
    }

    /** Open handles right now (for tests and the health endpoint). */
    public synchronized int openHandles() {
        return open.size();
    }

    private String readKept(Path path) throws IOException {
        return readKept(path, 0);
    }

    private synchronized String readKept(Path path, long generation) throws IOException {
        long now = System.nanoTime();
        sweep(now);
        Handle h = open.get(path);
        if (h != null && h.generation != generation) {
            open.remove(path);
            closeQuietly(h.channel);
            h = null;
        }
        if (h != null) {
            h.lastRead = now;
            try {
                int n = readAll(h.channel);
                if (n > 0) {
                    return text(n);
                }
                // Nothing on a kept handle: the process behind it may have exited (or the file is
                // empty, e.g. cgroup.procs of an empty group). Look again through the path.
            } catch (IOException e) {
                // ESRCH (the process exited), ENODEV (the cgroup was removed): the path decides.
            }
            open.remove(path);
            closeQuietly(h.channel);
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            int n = readAll(channel);
            open.put(path, new Handle(channel, now, generation));
            return text(n);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Reads from offset 0 to the end, growing the buffer when a file is larger than it. */
    private int readAll(FileChannel channel) throws IOException {
        buffer.clear();
        long position = 0;
        while (true) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                break;
            }
            position += n;
            if (!buffer.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocateDirect(buffer.capacity() * 2);
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }
        return buffer.position();
    }

    private String text(int n) {
        if (bytes.length < n) {
            bytes = new byte[buffer.capacity()];
        }
        buffer.flip();
        buffer.get(bytes, 0, n);
        // ISO-8859-1 maps bytes to chars one to one: no decoding work, and no file is rejected.
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** Closes handles nobody read for a while: exited processes, removed containers. */
    private void sweep(long now) {
        if (now - lastSweep < IDLE_NANOS / 4) {
            return;
        }
        lastSweep = now;
        for (Iterator<Handle> it = open.values().iterator(); it.hasNext(); ) {
            Handle h = it.next();
            if (now - h.lastRead > IDLE_NANOS) {
                closeQuietly(h.channel);
                it.remove();
            }
        }
    }

    @PreDestroy
    public synchronized void close() {
        open.values().forEach(h -> closeQuietly(h.channel));
        open.clear();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do: the handle is gone either way
        }
    }
}
