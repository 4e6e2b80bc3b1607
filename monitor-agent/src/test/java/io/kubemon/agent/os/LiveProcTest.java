package io.kubemon.agent.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.kubemon.agent.TestSupport;
import io.kubemon.agent.config.AgentProperties;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.schema.OsTables;
import io.kubemon.common.wire.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OS sources on this machine's real /proc and /sys: plausible, internally consistent values. */
class LiveProcTest {
    private final HostPaths live = new HostPaths(Path.of("/proc"), Path.of("/sys"), Path.of("/sys/fs/cgroup"));

    private List<Sample> twoReads(Runnable between) throws Exception {
        assumeThat(Files.isReadable(Path.of("/proc/stat")))
                .as("needs Linux /proc")
                .isTrue();
        ProcFiles files = new ProcFiles();
        AgentProperties props = TestSupport.properties(Path.of("/"));
        var malformed = TestSupport.malformed();
        var sources = List.of(
                new OsSource(live, files, malformed),
                new DiskSource(live, files, props, malformed),
                new NetSource(live, files, malformed));
        List<Sample> out = new ArrayList<>();
        long start = System.nanoTime();
        sources.forEach(s -> s.sample(new Tick(1000, start, "live"), out::add));
        assertThat(out).isEmpty();
        between.run();
        long end = System.nanoTime();
        sources.forEach(s -> s.sample(new Tick(2000, end, "live"), out::add));
        for (String table : List.of("os", "os_disk", "os_net")) {
            assertThat(malformed.of(table).count())
                    .as("a real kernel's files have no malformed field (" + table + ")")
                    .isZero();
        }
        return out;
    }

    @Test
    void cpuModesAddUpToCpusTimesElapsedAndMemoryIsConsistent() throws Exception {
        List<Sample> rows = twoReads(() -> sleep(1000));
        Sample host =
                rows.stream().filter(s -> s.table().equals("os")).findFirst().orElseThrow();
        Map<String, Object> v = host.values();
        int cpus = ((Number) v.get("cpu_count")).intValue();
        assertThat(cpus).isEqualTo(Runtime.getRuntime().availableProcessors());
        double sum = 0;
        for (String mode : OsTables.CPU_MODES) {
            Object x = v.get("cpu_" + mode + "_seconds");
            if (!mode.startsWith("guest") && x != null) {
                sum += ((Number) x).doubleValue();
            }
        }
        double expected = cpus * host.intervalMs() / 1000.0;
        // USER_HZ granularity is 10 ms per CPU, plus the few ms between reading the clock and the file.
        assertThat(sum).isBetween(expected * 0.9 - 0.03 * cpus, expected * 1.1 + 0.03 * cpus);
        long total = (Long) v.get("memory_total_bytes");
        long available = (Long) v.get("memory_available_bytes");
        assertThat(total).isGreaterThan(64L << 20);
        assertThat(available).isBetween(1L, total);
        assertThat(((Number) v.get("load1")).doubleValue()).isNotNegative();
        assertThat(rows).anySatisfy(s -> assertThat(s.values().get("interface")).isEqualTo("lo"));
    }

    @Test
    void loopbackTrafficBetweenTheReadsIsCounted() throws Exception {
        List<Sample> rows = twoReads(() -> {
            try (var server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                    var client = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.getLocalPort());
                    var accepted = server.accept()) {
                client.getOutputStream().write(new byte[1 << 20]);
                accepted.getInputStream().readNBytes(1 << 20);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Sample lo = rows.stream()
                .filter(s -> "lo".equals(s.values().get("interface")))
                .findFirst()
                .orElseThrow();
        assertThat((Long) lo.values().get("receive_bytes")).isGreaterThanOrEqualTo(1L << 20);
        assertThat((Long) lo.values().get("transmit_bytes")).isGreaterThanOrEqualTo(1L << 20);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }
}
