package io.kubemon.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real volume that fills: a tmpfs of a given size (and inode count) mounted on a new directory,
 * with a junk file that takes its free space and junk files that take its free inodes, both
 * given back on demand. A full tmpfs answers writes with ENOSPC exactly as a full disk does, and
 * one out of inodes refuses new files with ENOSPC while existing ones still grow, so each step of a
 * writer (an append, a new file) can be made to fail on its own. Needs root and {@code mount};
 * elsewhere the test is skipped with a message, and in CI ({@code CI=true}) it fails instead.
 */
public final class TmpfsVolume implements AutoCloseable {
    private final Path mountPoint;
    private final Path junk;
    private final List<Path> inodeJunk = new ArrayList<>();
    private boolean mounted;

    private TmpfsVolume(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.junk = mountPoint.resolve(".junk-space");
    }

    /** Mounts a tmpfs of {@code sizeBytes} with at most {@code inodes} files and directories. */
    public static TmpfsVolume mount(long sizeBytes, int inodes) throws IOException, InterruptedException {
        return mount(Files.createTempDirectory("kubemon-volume-"), sizeBytes, inodes);
    }

    /** As {@link #mount(long, int)}, on {@code dir} (made if missing; removed again at close). */
    public static TmpfsVolume mount(Path dir, long sizeBytes, int inodes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        TmpfsVolume v = new TmpfsVolume(dir);
        String options = "size=" + sizeBytes + ",nr_inodes=" + inodes + ",mode=0777";
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (!ok) {
            Files.deleteIfExists(dir);
            String why = "cannot mount a tmpfs (needs root and mount): " + out.strip();
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
        v.mounted = true;
        return v;
    }

    /** The volume's root directory. */
    public Path path() {
        return mountPoint;
    }

    /** Bytes a new write can still take. */
    public long freeBytes() throws IOException {
        return store().getUsableSpace();
    }

    private FileStore store() throws IOException {
        return Files.getFileStore(mountPoint);
    }

    /**
     * Takes the free space, leaving about {@code leave} bytes (rounded down to whole pages): the
     * junk file grows until the volume says ENOSPC, then gives back what was asked.
     */
    public void fill(long leave) throws IOException {
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(
                junk, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                try {
                    out.write(chunk);
                    out.flush();
                } catch (IOException full) {
                    break;
                }
            }
        } catch (IOException closeOfAFullFile) {
            // the last write may surface at close; the file holds what fitted
        }
        byte[] page = new byte[4096];
        try (OutputStream out = Files.newOutputStream(
                junk, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(page);
                out.flush();
            }
        } catch (IOException full) {
            // every page taken
        }
        if (leave > 0) {
            long size = Files.size(junk);
            try (var ch = java.nio.channels.FileChannel.open(junk, java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(Math.max(0, size - leave));
            }
        }
    }

    /** Takes every free inode but {@code leave}: new files are refused with ENOSPC, existing ones still grow. */
    public void fillInodes(int leave) throws IOException {
        List<Path> made = new ArrayList<>();
        for (int i = 0; ; i++) {
            Path p = mountPoint.resolve(".junk-inode-" + inodeJunk.size() + "-" + i);
            try {
                Files.createFile(p);
                made.add(p);
            } catch (IOException full) {
                break;
            }
        }
        for (int i = 0; i < leave && !made.isEmpty(); i++) {
            Files.delete(made.remove(made.size() - 1));
        }
        inodeJunk.addAll(made);
    }

    /** Gives back the space and the inodes the junk took. */
    public void free() throws IOException {
        Files.deleteIfExists(junk);
        for (Path p : inodeJunk) {
            Files.deleteIfExists(p);
        }
        inodeJunk.clear();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (!mounted) {
            return;
        }
        Process p = new ProcessBuilder("umount", "-l", mountPoint.toString())
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        p.waitFor(30, TimeUnit.SECONDS);
        mounted = false;
        Files.deleteIfExists(mountPoint);
    }
}
