package io.kubemon.agent.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.agent.TestSupport;
import io.kubemon.agent.cgroup.CgroupFs;
import io.kubemon.agent.cgroup.CgroupReader;
import io.kubemon.agent.host.EventLog;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.wire.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which process a container's network is read through, on the recorded cgroup v1 tree with pids
 * written by the test: a container that forks a short-lived child each tick, whose pid (after a
 * wrap) is listed before the init process's.
 */
class ContainerSourceTest {
    private static final Path FIXTURE = TestSupport.FIXTURES.resolve("docker-cgroup1");
    private static final String NET_DEV = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
              eth0: %d      10    0    0    0     0          0         0     2000      20    0    0    0     0       0          0
            """;

    @TempDir
    Path root;

    private ProcFiles files;
    private ContainerSource source;
    private String id;
    private Path procs;
    private long tickTime = 1_000;

    @BeforeEach
    void setUp() throws Exception {
        String[] ids = Files.readString(FIXTURE.resolve("ids.txt")).trim().split(" ");
        id = ids[0];
        HostPaths paths = TestSupport.paths(root);
        files = new ProcFiles();
        TestSupport.copyTree(FIXTURE.resolve("t0"), root);
        procs = root.resolve("sys/fs/cgroup/pids/docker").resolve(id).resolve("cgroup.procs");
        CgroupReader reader = new CgroupReader(new CgroupFs(paths), files, TestSupport.malformed());
        ContainerInfo c = new ContainerInfo(
                id, "fix", "kubemon-test-busybox", null, null, null, null, "docker", "/docker/" + id, null);
        source = new ContainerSource(
                new Containers(List.of(() -> List.of(c)), reader),
                reader,
                paths,
                files,
                TestSupport.malformed(),
                new EventLog(),
                new SchedstatReadings(paths, files, TestSupport.malformed()));
    }

    private void process(int pid, long receivedBytes) throws Exception {
        Path dir = root.resolve("proc").resolve(Integer.toString(pid)).resolve("net");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("dev"), NET_DEV.formatted(receivedBytes));
    }

    private List<Sample> tick(int... pids) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int pid : pids) {
            text.append(pid).append('\n');
        }
        Files.writeString(procs, text);
        tickTime += 1_000;
        List<Sample> out = new ArrayList<>();
        source.sample(new Tick(tickTime, tickTime * 1_000_000L, "n"), out::add);
        return out;
    }

    private boolean keepsNetDev(int pid) {
        return files.keeps(root.resolve("proc").resolve(Integer.toString(pid)).resolve("net/dev"));
    }

    @Test
    void aChildListedBeforeInitIsNotWhatTheNetworkIsReadThrough() throws Exception {
        process(500, 1_000);
        tick(500);
        for (int child = 100; child < 105; child++) {
            process(child, 1_000);
            List<Sample> rows = tick(child, 500);
            assertThat(rows).hasSize(1);
            assertThat(keepsNetDev(child))
                    .as("net/dev of the short-lived child %d kept open", child)
                    .isFalse();
            assertThat(keepsNetDev(500)).isTrue();
        }
    }

    @Test
    void whenTheProcessReadThroughExitsAnotherOneSeenBeforeTakesOverAndTheOldFileIsClosed() throws Exception {
        process(500, 1_000);
        process(600, 1_000);
        tick(500, 600);
        tick(500, 600);
        assertThat(keepsNetDev(500)).isTrue();
        process(100, 1_000);
        List<Sample> rows = tick(100, 600);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).values()).containsEntry("network_receive_bytes", 0L);
        assertThat(keepsNetDev(500)).as("the exited process's net/dev").isFalse();
        assertThat(keepsNetDev(600)).isTrue();
        assertThat(keepsNetDev(100)).isFalse();
    }
}
