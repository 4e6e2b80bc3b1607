package io.kubemon.agent.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubemon.agent.TestSupport;
import io.kubemon.agent.cgroup.CgroupFs;
import io.kubemon.agent.cgroup.CgroupReader;
import io.kubemon.agent.container.Containers;
import io.kubemon.agent.container.DockerDiscovery;
import io.kubemon.agent.container.DockerHost;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.Notices;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.wire.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-container perf counters against a real container of the local Docker engine, in cgroup mode
 * on the real cgroup tree (here the unified hierarchy of a hybrid host: no v1 perf_event mount).
 * This VM has no PMU: the hardware events cannot open, which the test checks is said and left
 * empty. Where a PMU exists, the first thing to check is that cycles and instructions fill, with
 * hardware_running_ratio at 1 for a few events and below it once they are multiplexed: that path
 * cannot run here.
 */
class PerfSourceTest {
    private static final HostPaths HOST = new HostPaths(Path.of("/proc"), Path.of("/sys"), Path.of("/sys/fs/cgroup"));

    private DockerDiscovery docker;
    private PerfSource perf;
    private final Notices notices = new Notices();
    private long tickTime = 1_764_000_000_000L;

    @BeforeEach
    void setUp() {
        DockerHost.require();
        DockerHost.removeAll();
        ProcFiles files = new ProcFiles();
        CgroupReader cgroups = new CgroupReader(new CgroupFs(HOST), files, TestSupport.malformed());
        docker = new DockerDiscovery(
                TestSupport.properties(Path.of("/"), "unix:///var/run/docker.sock"),
                HOST,
                cgroups,
                new Notices(),
                tools.jackson.databind.json.JsonMapper.builder().build());
        perf = new PerfSource(
                new Containers(List.of(docker), cgroups),
                new CgroupFs(HOST),
                HOST,
                notices,
                List.of(PerfSource.DEFAULT_EVENTS.split(",")),
                8192);
    }

    @AfterEach
    void tearDown() {
        if (perf != null) {
            perf.close();
        }
        if (docker != null) {
            docker.close();
        }
        DockerHost.removeAll();
    }

    private List<Sample> tick() {
        List<Sample> out = new ArrayList<>();
        tickTime += 1000;
        perf.sample(new Tick(tickTime, System.nanoTime(), "n"), out::add);
        return TestSupport.knownColumns(out);
    }

    /** This JVM's perf_event descriptors, as /proc/self/fd shows them (anon_inode:[perf_event]). */
    private static long perfFds() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString().contains("perf_event");
                        } catch (java.io.IOException e) {
                            return false; // closed while listed
                        }
                    })
                    .count();
        }
    }

    private void awaitDiscovered(String id, boolean present) throws InterruptedException {
        for (int i = 0; i < 100 && docker.containers().stream().anyMatch(c -> c.id().equals(id)) != present; i++) {
            Thread.sleep(50);
        }
    }

    @Test
    void aContainerLimitedToAThirdOfACpuCountsAThirdOfACoreAndItsDescriptorsCloseWhenItGoes() throws Exception {
        long before = perfFds();
        String id = DockerHost.start("perf", List.of("--cpus", "0.3"), "while :; do :; done");
        awaitDiscovered(id, true);
        Path usage = Path.of("/sys/fs/cgroup/cpuacct/docker", id, "cpuacct.usage");
        assertThat(tick()).as("the first read primes").isEmpty();
        long usage0 = Long.parseLong(Files.readString(usage).strip());
        Thread.sleep(2000);
        List<Sample> rows = tick().stream()
                .filter(s -> id.equals(s.values().get("container_id")))
                .toList();
        long usage1 = Long.parseLong(Files.readString(usage).strip());
        assertThat(rows).hasSize(1);
        Sample row = rows.get(0);
        double seconds = row.intervalMs() / 1000.0;
        double cores = ((Number) row.values().get("task_clock_seconds")).doubleValue() / seconds;
        double accounted = (usage1 - usage0) / 1e9 / seconds;
        // The kernel's own accounting of the same group (cpuacct.usage) over the same interval: the
        // counter must agree with it, and where the group got its quota (it does unless the machine
        // is saturated), read 0.30 +- 0.05 core.
        assertThat(cores)
                .as("task-clock %.3f against cpuacct %.3f cores", cores, accounted)
                .isCloseTo(accounted, org.assertj.core.data.Percentage.withPercentage(10));
        if (accounted > 0.25) {
            assertThat(cores).as("task-clock of a container limited to 0.3 CPU").isBetween(0.25, 0.35);
        }
        assertThat(row.values()).containsKey("context_switches").containsKey("page_faults");
        int online = ((Number) row.values().get("cpus")).intValue();
        assertThat(online).isPositive();
        assertThat(row.values().get("cycles"))
                .as("no PMU here: an empty cell, not a zero")
                .isNull();
        assertThat(row.values().get("instructions")).isNull();
        assertThat(row.values().get("hardware_running_ratio")).isNull();
        assertThat(notices.all()).anyMatch(n -> n.startsWith("perf: hardware events are not counted"));
        assertThat(perf.descriptors()).as("4 software events on every CPU").isEqualTo(4 * online);
        assertThat(perfFds() - before).as("perf descriptors in /proc/self/fd").isEqualTo(4L * online);

        DockerHost.run("docker", "rm", "-f", id);
        awaitDiscovered(id, false);
        tick();
        assertThat(perf.descriptors())
                .as("a container gone closes its descriptors")
                .isZero();
        assertThat(perfFds()).as("perf descriptors left in /proc/self/fd").isEqualTo(before);
    }

    @Test
    void anUnknownEventIsRefusedByName() {
        assertThatThrownBy(() -> PerfEvent.of("flops"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown event 'flops'")
                .hasMessageContaining("task-clock");
        assertThat(PerfEvent.of("cache-misses")).isEqualTo(PerfEvent.CACHE_MISSES);
    }
}
