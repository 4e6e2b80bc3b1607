package io.kubemon.agent.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.agent.TestSupport;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.sampling.Tick;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One read of a process's schedstat per tick, shared by the process and container tables. */
class SchedstatReadingsTest {
    @TempDir
    Path root;

    @Test
    void aTicksReadingIsSharedAndTheNextTickReadsAfresh() throws Exception {
        HostPaths paths = TestSupport.paths(root);
        ProcFiles files = new ProcFiles();
        SchedstatReadings schedstats = new SchedstatReadings(paths, files, TestSupport.malformed());
        Path file = root.resolve("proc/42/schedstat");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "1000 200 3\n");
        Tick first = new Tick(1_000, 1_000_000_000L, "n");
        assertThat(schedstats.of(first, 42)).containsExactly(1000, 200, 3);
        Files.writeString(file, "5000 900 7\n");
        Tick sameGridTime = new Tick(1_000, 1_003_000_000L, "n"); // the next source's start instant
        assertThat(schedstats.of(sameGridTime, 42))
                .as("the same tick, read by the second source")
                .containsExactly(1000, 200, 3);
        Tick second = new Tick(2_000, 2_000_000_000L, "n");
        assertThat(schedstats.of(second, 42)).containsExactly(5000, 900, 7);
        assertThat(schedstats.of(second, 43)).as("a process without the file").isNull();
        assertThat(files.keeps(file)).isTrue();
        schedstats.forget(42);
        assertThat(files.keeps(file)).isFalse();
    }
}
