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

    private static long openFds() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private void awaitDiscovered(String id, boolean present) throws InterruptedException {
        for (int i = 0; i < 100 && docker.containers().stream().anyMatch(c -> c.id().equals(id)) != present; i++) {
            Thread.sleep(50);
        }
    }

    @Test
    void aContainerLimitedToAThirdOfACpuCountsAThirdOfACoreAndItsDescriptorsCloseWhenItGoes() throws Exception {
        long before = openFds();
        String id = DockerHost.start("perf", List.of("--cpus", "0.3"), "while :; do :; done");
        awaitDiscovered(id, true);
        assertThat(tick()).as("the first read primes").isEmpty();
        Thread.sleep(2000);
        List<Sample> rows = tick().stream()
                .filter(s -> id.equals(s.values().get("container_id")))
                .toList();
        assertThat(rows).hasSize(1);
        Sample row = rows.get(0);
        double cores = ((Number) row.values().get("task_clock_seconds")).doubleValue() / (row.intervalMs() / 1000.0);
        // 0.30 +- 0.05 in most runs on this VM; one run under the build's load read 0.45 over its 2 s.
        // The bound keeps what matters: this container's time is counted, and it is the throttled
        // share of one CPU (an unthrottled loop would read 1.0, a group never counted 0).
        assertThat(cores).as("task-clock of a container limited to 0.3 CPU").isBetween(0.15, 0.6);
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
        assertThat(openFds()).isGreaterThanOrEqualTo(before + 4L * online);

        DockerHost.run("docker", "rm", "-f", id);
        awaitDiscovered(id, false);
        tick();
        assertThat(perf.descriptors())
                .as("a container gone closes its descriptors")
                .isZero();
        assertThat(openFds()).isLessThan(before + 4L * online);
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
