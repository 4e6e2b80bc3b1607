package io.kubemon.agent.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.agent.TestSupport;
import io.kubemon.agent.cgroup.CgroupFs;
import io.kubemon.agent.cgroup.CgroupReader;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.kubernetes.PodMetadata;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.wire.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared cgroup reader on recorded trees: a real cgroup v1 Docker container (captured) and a
 * cgroup v2 kubepods tree with the systemd driver (hand-made, see fixtures/README.md). The same
 * columns come out of both; the expected values are worked out from the fixture files.
 */
class CgroupFixtureTest {
    private static final String APP = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

    @TempDir
    Path root;

    private List<Sample> twoTicks(String fixture, java.util.function.Function<CgroupReader, Containers> discovery) {
        Path f = TestSupport.FIXTURES.resolve(fixture);
        HostPaths paths = TestSupport.paths(root);
        ProcFiles files = new ProcFiles();
        TestSupport.copyTree(f.resolve("t0"), root);
        CgroupReader reader = new CgroupReader(new CgroupFs(paths), files, TestSupport.malformed());
        ContainerSource source = new ContainerSource(
                discovery.apply(reader),
                reader,
                paths,
                files,
                TestSupport.malformed(),
                new io.kubemon.agent.host.EventLog(),
                new SchedstatReadings(paths, files, TestSupport.malformed()));
        List<Sample> out = new ArrayList<>();
        source.sample(new Tick(1_000, 0, "n"), out::add);
        assertThat(out).isEmpty();
        TestSupport.copyTree(f.resolve("t1"), root);
        source.sample(new Tick(2_000, 1_000_000_000L, "n"), out::add);
        return TestSupport.knownColumns(out);
    }

    @Test
    void capturedDockerContainerOnCgroupV1() throws Exception {
        String[] ids = Files.readString(TestSupport.FIXTURES.resolve("docker-cgroup1/ids.txt"))
                .trim()
                .split(" ");
        String id = ids[0];
        List<Sample> rows = twoTicks("docker-cgroup1", reader -> {
            String group = reader.groupOf(root.resolve("proc").resolve(ids[1]).resolve("cgroup"))
                    .orElseThrow();
            assertThat(group).isEqualTo("/docker/" + id);
            ContainerInfo c =
                    new ContainerInfo(id, "fix", "kubemon-test-busybox", null, null, null, null, "docker", group, null);
            return new Containers(List.of(() -> List.of(c)), reader);
        });
        assertThat(rows).hasSize(1);
        Map<String, Object> v = rows.get(0).values();
        assertThat(v.get("cgroup_version")).isEqualTo(1);
        // cpuacct.usage 67488192 -> 661933371 ns
        assertThat(v.get("cpu_usage_seconds")).isEqualTo(0.594445179);
        // cpuacct.stat user 4 -> 62, system 2 -> 4 (USER_HZ)
        assertThat(v.get("cpu_user_seconds")).isEqualTo(0.58);
        assertThat(v.get("cpu_system_seconds")).isEqualTo(0.02);
        // cpu.stat nr_periods 3 -> 14, nr_throttled 0 -> 10, throttled_time 0 -> 458349237 ns
        assertThat(v.get("cpu_periods")).isEqualTo(11L);
        assertThat(v.get("cpu_throttled_periods")).isEqualTo(10L);
        assertThat(v.get("cpu_throttled_seconds")).isEqualTo(0.458349237);
        assertThat(v.get("cpu_limit_cores")).isEqualTo(0.5);
        assertThat(v.get("memory_limit_bytes")).isEqualTo(268435456L);
        assertThat(v.get("memory_usage_bytes")).isEqualTo(557056L);
        assertThat(v.get("memory_rss_bytes")).isEqualTo(65536L);
        assertThat(v.get("memory_pgfault")).isEqualTo(2157L - 1172L);
        assertThat(v.get("memory_failcnt")).isEqualTo(0L);
        assertThat(v.get("memory_oom_kills")).isEqualTo(0L);
        assertThat(v.get("blkio_read_bytes")).isEqualTo(0L);
        // v1 has no pressure files per group and no oom event counter: empty cells.
        assertThat(v.get("psi_cpu_some_seconds")).isNull();
        assertThat(v.get("memory_oom_events")).isNull();
    }

    @Test
    void handMadeKubepodsTreeOnCgroupV2() {
        List<KubepodsDiscovery> made = new ArrayList<>();
        List<Sample> rows = twoTicks("kubepods-cgroup2", reader -> {
            HostPaths paths = TestSupport.paths(root);
            KubepodsDiscovery d = new KubepodsDiscovery(
                    new CgroupFs(paths), reader, paths, new ProcFiles(), (uid, id) -> PodMetadata.Names.NONE);
            made.add(d);
            return new Containers(List.of(d), reader);
        });
        assertThat(made.get(0).containers())
                .extracting(ContainerInfo::id)
                .containsExactlyInAnyOrder(APP, "1234567890abcdef".repeat(4), "fedcba0987654321".repeat(4));
        Map<String, Object> v = rows.stream()
                .filter(s -> APP.equals(s.values().get("container_id")))
                .findFirst()
                .orElseThrow()
                .values();
        assertThat(v)
                .containsEntry("pod_uid", "6f0c2a1e-3b4d-4c5e-9f60-1a2b3c4d5e6f")
                .containsEntry("container_name", APP.substring(0, 12))
                .containsEntry("runtime", "containerd")
                .containsEntry("qos_class", "burstable")
                .containsEntry("cgroup_version", 2);
        assertThat(v.get("cpu_usage_seconds")).isEqualTo(0.25);
        assertThat(v.get("cpu_user_seconds")).isEqualTo(0.175);
        assertThat(v.get("cpu_system_seconds")).isEqualTo(0.075);
        assertThat(v.get("cpu_periods")).isEqualTo(10L);
        assertThat(v.get("cpu_throttled_periods")).isEqualTo(5L);
        assertThat(v.get("cpu_throttled_seconds")).isEqualTo(0.15);
        assertThat(v.get("cpu_limit_cores")).isEqualTo(0.5);
        assertThat(v.get("memory_usage_bytes")).isEqualTo(134217728L);
        assertThat(v.get("memory_limit_bytes")).isEqualTo(268435456L);
        assertThat(v.get("memory_working_set_bytes")).isEqualTo(134217728L - 16777216L);
        assertThat(v.get("memory_rss_bytes")).isEqualTo(100663296L);
        assertThat(v.get("memory_cache_bytes")).isEqualTo(33554432L);
        assertThat(v.get("memory_shmem_bytes")).isEqualTo(4194304L);
        assertThat(v.get("memory_swap_bytes")).isEqualTo(0L);
        assertThat(v.get("memory_pgfault")).isEqualTo(600L);
        assertThat(v.get("memory_pgmajfault")).isEqualTo(2L);
        assertThat(v.get("memory_workingset_refault")).isEqualTo(43L);
        assertThat(v.get("memory_oom_events")).isEqualTo(1L);
        assertThat(v.get("memory_oom_kills")).isEqualTo(1L);
        assertThat(v.get("memory_failcnt")).isNull();
        assertThat(v.get("blkio_read_bytes")).isEqualTo(524288L);
        assertThat(v.get("blkio_write_bytes")).isEqualTo(1048576L);
        assertThat(v.get("blkio_reads")).isEqualTo(8L);
        assertThat(v.get("blkio_writes")).isEqualTo(16L);
        assertThat(v.get("psi_cpu_some_seconds")).isEqualTo(0.2);
        assertThat(v.get("psi_io_full_seconds")).isEqualTo(0.1);
        assertThat(v.get("psi_memory_some_avg10_ratio")).hasToString("0.015");
        assertThat(v.get("pids_current")).isEqualTo(7L);
        assertThat(v.get("processes")).isEqualTo(2);
        // eth0 + net1, not lo: received 1100 -> 3200, sent 4000 -> 9050
        assertThat(v.get("network_receive_bytes")).isEqualTo(2100L);
        assertThat(v.get("network_transmit_bytes")).isEqualTo(5050L);
        assertThat(v.get("network_receive_packets")).isEqualTo(21L);
        assertThat(v.get("network_receive_errors")).isEqualTo(1L);
        assertThat(v.get("network_transmit_drops")).isEqualTo(1L);
    }
}
