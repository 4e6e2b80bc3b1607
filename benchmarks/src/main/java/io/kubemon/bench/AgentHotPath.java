package io.kubemon.bench;

import io.kubemon.agent.TestSupport;
import io.kubemon.agent.cgroup.CgroupFs;
import io.kubemon.agent.cgroup.CgroupReader;
import io.kubemon.agent.config.AgentProperties;
import io.kubemon.agent.container.ContainerInfo;
import io.kubemon.agent.container.ContainerSource;
import io.kubemon.agent.container.Containers;
import io.kubemon.agent.container.KubepodsDiscovery;
import io.kubemon.agent.container.SchedstatReadings;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.kubernetes.PodMetadata;
import io.kubemon.agent.os.DiskSource;
import io.kubemon.agent.os.NetSource;
import io.kubemon.agent.os.OsSource;
import io.kubemon.agent.process.ProcessSource;
import io.kubemon.agent.sampling.MetricSource;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.wire.Sample;
import io.kubemon.common.wire.SampleBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent's per-tick hot path: each source on recorded fixture trees (copied to a temporary
 * directory, so the files are real files on disk) and on the live host, one whole tick, and the
 * serialisation of a tick's batch. Run: java -jar benchmarks/target/benchmarks.jar AgentHotPath
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-XX:+UseSerialGC", "-Xmx256m"})
@State(Scope.Benchmark)
public class AgentHotPath {
    private Path root;
    private MetricSource os;
    private MetricSource disk;
    private MetricSource net;
    private MetricSource containers;
    private MetricSource liveOs;
    private MetricSource liveProcesses;
    private List<MetricSource> wholeTick;
    private SampleBatch batch;
    private final JsonMapper json = JsonMapper.builder().build();
    private final io.kubemon.agent.transport.BatchJson compact = new io.kubemon.agent.transport.BatchJson(json);
    private long nanos;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = Files.createTempDirectory("kubemon-bench");
        // One tree with the host's files and a cgroup v2 kubepods tree with three containers.
        TestSupport.copyTree(fixtures().resolve("host-vm-cgroup1/t1"), root);
        TestSupport.copyTree(fixtures().resolve("kubepods-cgroup2/t1"), root);
        HostPaths paths = TestSupport.paths(root);
        ProcFiles files = new ProcFiles();
        AgentProperties props = TestSupport.properties(root);
        os = new OsSource(paths, files, TestSupport.malformed());
        disk = new DiskSource(paths, files, props, TestSupport.malformed());
        net = new NetSource(paths, files, TestSupport.malformed());
        CgroupFs fs = new CgroupFs(paths);
        CgroupReader reader = new CgroupReader(fs, files, TestSupport.malformed());
        Containers found = new Containers(
                List.of(new KubepodsDiscovery(fs, reader, paths, files, (uid, id) -> PodMetadata.Names.NONE)), reader);
        containers = new ContainerSource(
                found,
                reader,
                paths,
                files,
                TestSupport.malformed(),
                new io.kubemon.agent.host.EventLog(),
                new SchedstatReadings(paths, files, TestSupport.malformed()));
        wholeTick = List.of(os, disk, net, containers);

        // Live: this host's /proc, and this JVM's own cgroup as "the container" of the process source.
        HostPaths live = new HostPaths(Path.of("/proc"), Path.of("/sys"), Path.of("/sys/fs/cgroup"));
        liveOs = new OsSource(live, files, TestSupport.malformed());
        CgroupFs liveFs = new CgroupFs(live);
        CgroupReader liveReader = new CgroupReader(liveFs, files, TestSupport.malformed());
        String group = liveReader.groupOf(Path.of("/proc/self/cgroup")).orElse("/");
        ContainerInfo self =
                new ContainerInfo("0".repeat(64), "bench", null, null, null, null, null, "bench", group, null);
        liveProcesses = new ProcessSource(
                new Containers(List.of(() -> List.of(self)), liveReader),
                live,
                files,
                TestSupport.malformed(),
                new SchedstatReadings(live, files, TestSupport.malformed()));

        for (MetricSource s : List.of(os, disk, net, containers, liveOs, liveProcesses)) {
            s.sample(tick(), x -> {});
        }
        List<Sample> rows = new ArrayList<>();
        for (MetricSource s : wholeTick) {
            s.sample(tick(), rows::add);
        }
        liveProcesses.sample(tick(), rows::add);
        batch = new SampleBatch("agent", "run", 1, rows);
    }

    /** One tick's batch of the fixture tree and this host (after {@link #setUp}): the rows' real shapes. */
    SampleBatch batch() {
        return batch;
    }

    private static Path fixtures() {
        Path p = Path.of("monitor-agent/src/test/resources/fixtures");
        return Files.isDirectory(p) ? p : Path.of("../monitor-agent/src/test/resources/fixtures");
    }

    private Tick tick() {
        nanos += 1_000_000_000L;
        return new Tick(1_764_000_000_000L + nanos / 1_000_000, nanos, "bench");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public void osSampleFixture(Blackhole bh) {
        os.sample(tick(), bh::consume);
        disk.sample(tick(), bh::consume);
        net.sample(tick(), bh::consume);
    }

    @Benchmark
    public void osSampleLive(Blackhole bh) {
        liveOs.sample(tick(), bh::consume);
    }

    @Benchmark
    public void containerSampleFixture(Blackhole bh) {
        containers.sample(tick(), bh::consume);
    }

    @Benchmark
    public void processSampleLive(Blackhole bh) {
        liveProcesses.sample(tick(), bh::consume);
    }

    @Benchmark
    public void wholeTickFixture(Blackhole bh) {
        Tick t = tick();
        for (MetricSource s : wholeTick) {
            s.sample(t, bh::consume);
        }
    }

    /** Data binding of the row maps: what the agent sent before the compact form. */
    @Benchmark
    public byte[] batchToJson() {
        return json.writeValueAsBytes(batch);
    }

    /** The compact columnar form the agent sends now. */
    @Benchmark
    public byte[] batchToCompactJson() {
        return compact.encode(batch);
    }
}
