package io.kubemon.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kept-open handles must never serve stale or wrong data: checked on the live /proc and on files. */
class ProcFilesTest {
    @TempDir
    Path dir;

    @Test
    void aKeptHandleReadsFreshKernelDataEveryTime() throws Exception {
        ProcFiles files = new ProcFiles();
        Path stat = Path.of("/proc/self/stat"); // "self" is this JVM for the whole test
        long before = utimePlusStime(files.readQuiet(stat).orElseThrow());
        assertThat(files.openHandles()).isEqualTo(1);
        long spinUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        long x = 0;
        while (System.nanoTime() < spinUntil) {
            x += System.nanoTime() % 7;
        }
        long after = utimePlusStime(files.readQuiet(stat).orElseThrow());
        assertThat(after).as("CPU ticks after 300 ms of spinning (%d)", x).isGreaterThan(before);
        assertThat(files.openHandles()).as("the same handle was re-read").isEqualTo(1);
        files.close();
    }

    /**
     * A kept handle answers for what it was opened on, even once the path leads elsewhere (as a
     * kept /proc/&lt;pid&gt;/net/dev of an exited process answers for its old network namespace):
     * under a new generation the path is opened again. A real file replaced by another inode shows it.
     */
    @Test
    void aNewGenerationReopensThePath(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        ProcFiles files = new ProcFiles();
        Path f = dir.resolve("dev");
        java.nio.file.Files.writeString(f, "namespace one");
        assertThat(files.readQuiet(f, 11)).contains("namespace one");
        Path replacement = dir.resolve("dev.new");
        java.nio.file.Files.writeString(replacement, "namespace two");
        java.nio.file.Files.move(replacement, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(files.readQuiet(f, 11))
                .as("same generation: the kept handle, the old inode")
                .contains("namespace one");
        assertThat(files.readQuiet(f, 22)).as("new generation: the path afresh").contains("namespace two");
        files.close();
    }

    @Test
    void theFilesOfAGoneContainersGroupAreClosedTogether(@TempDir Path root) throws Exception {
        ProcFiles files = new ProcFiles();
        java.util.List<Path> paths = new java.util.ArrayList<>();
        for (String controller : java.util.List.of("memory", "blkio", "cpuacct")) {
            for (String id : java.util.List.of("aaa", "bbb")) {
                Path f = java.nio.file.Files.createDirectories(root.resolve(controller + "/docker/" + id))
                        .resolve("stat");
                java.nio.file.Files.writeString(f, "1\n");
                assertThat(files.read(f)).contains("1\n");
                paths.add(f);
            }
        }
        assertThat(files.openHandles()).isEqualTo(6);
        files.closeContaining("/docker/aaa");
        assertThat(files.openHandles()).isEqualTo(3);
        assertThat(paths).filteredOn(p -> p.toString().contains("/bbb/")).allMatch(files::keeps);
        assertThat(paths).filteredOn(p -> p.toString().contains("/aaa/")).noneMatch(files::keeps);
    }

    @Test
    void aProcessThatExitedIsNotReadThroughItsOldHandle() throws Exception {
        ProcFiles files = new ProcFiles();
        Process p = new ProcessBuilder("sleep", "30").start();
        Path stat = Path.of("/proc", Long.toString(p.pid()), "stat");
        assertThat(files.readQuiet(stat)).get().asString().contains("(sleep)");
        p.destroyForcibly().waitFor();
        assertThat(files.readQuiet(stat)).as("gone with its process").isEmpty();
        assertThat(files.openHandles()).isZero();
    }

    @Test
    void filesChangedInPlaceAreReadAnewAndLargeFilesWhole() throws Exception {
        ProcFiles files = new ProcFiles();
        Path f = dir.resolve("memory.stat");
        Files.writeString(f, "cache 1\n");
        assertThat(files.read(f)).contains("cache 1\n");
        String big = "x".repeat(100_000) + "\nend\n"; // larger than the initial buffer
        Files.writeString(f, big);
        assertThat(files.read(f)).contains(big);
        Files.writeString(f, "cache 2\n");
        assertThat(files.read(f)).contains("cache 2\n");
        Files.writeString(f, "");
        assertThat(files.read(f)).contains("");
        assertThat(files.read(dir.resolve("absent"))).isEmpty();
        assertThat(files.readOnce(f)).contains("");
    }

    private static long utimePlusStime(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
