package io.kubemon.bench;

import io.kubemon.agent.host.ProcFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What listing one container's processes costs per tick: a real cgroup v1 {@code cgroup.procs}
 * (the first Docker container's group under {@code root}, else the root group), read through a
 * kept handle (fast, but cgroup v1 then serves the pid list of its first read) and opened afresh
 * (what the agent does, so that forks and exits are seen).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-XX:+UseSerialGC", "-Xmx128m"})
@State(Scope.Benchmark)
public class PidListing {
    @Param("/sys/fs/cgroup/pids/docker")
    String root;

    private ProcFiles files;
    private Path procs;

    @Setup
    public void setUp() throws IOException {
        files = new ProcFiles();
        Path dir = Path.of(root);
        try (Stream<Path> s = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            procs = s.filter(Files::isDirectory)
                    .map(p -> p.resolve("cgroup.procs"))
                    .filter(Files::exists)
                    .findFirst()
                    .orElse(Path.of("/sys/fs/cgroup/pids/cgroup.procs"));
        }
    }

    @TearDown
    public void tearDown() {
        files.close();
    }

    @Benchmark
    public String keptHandle() {
        return files.readQuiet(procs).orElse("");
    }

    @Benchmark
    public String openedAfresh() {
        return files.readFresh(procs).orElse("");
    }
}
