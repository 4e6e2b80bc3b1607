package io.kubemon.agent.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.kubemon.agent.TestSupport;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.procfs.Malformed;
import io.kubemon.agent.procfs.ProcStatParser;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.schema.OsTables;
import io.kubemon.common.wire.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-CPU table: /proc/stat's cpuN lines on strings, and on this machine with a loop pinned to CPU 1. */
class CpuSourceTest {
    @Test
    void everyCpuLineButTheAggregateAndAnOldKernelsShortLine() {
        Malformed bad = new Malformed("t");
        List<ProcStatParser.PerCpu> cpus = ProcStatParser.perCpu(
                "cpu  10 0 5 100 0 0 0 0 0 0\ncpu0 5 0 2 50 0 0 0 0 0 0\ncpu1 5 0 3 50 1 2 3\nintr 5 0\n", bad);
        assertThat(cpus).extracting(ProcStatParser.PerCpu::cpu).containsExactly(0, 1);
        assertThat(cpus.get(0).modeTicks()).containsExactly(5, 0, 2, 50, 0, 0, 0, 0, 0, 0);
        assertThat(cpus.get(1).modeTicks()).containsExactly(5, 0, 3, 50, 1, 2, 3, -1, -1, -1);
        assertThat(bad.count()).isZero();
    }

    @Test
    void aLoopPinnedToCpu1ReadsAFullCpuThereAndEachCpusModesAddUpToTheInterval() throws Exception {
        assumeThat(Files.isReadable(Path.of("/proc/stat")))
                .as("needs Linux /proc")
                .isTrue();
        assumeThat(Runtime.getRuntime().availableProcessors())
                .as("needs two CPUs")
                .isGreaterThanOrEqualTo(2);
        HostPaths live = new HostPaths(Path.of("/proc"), Path.of("/sys"), Path.of("/sys/fs/cgroup"));
        var malformed = TestSupport.malformed();
        CpuSource source = new CpuSource(live, new ProcFiles(), malformed);
        Process loop = new ProcessBuilder("taskset", "-c", "1", "sh", "-c", "while :; do :; done").start();
        try {
            Thread.sleep(300);
            List<Sample> out = new ArrayList<>();
            source.sample(new Tick(1000, System.nanoTime(), "live"), out::add);
            assertThat(out).as("the first read only primes").isEmpty();
            Thread.sleep(1500);
            source.sample(new Tick(2000, System.nanoTime(), "live"), out::add);
            assertThat(out).hasSize(Runtime.getRuntime().availableProcessors());
            for (Sample s : out) {
                assertThat(s.table()).isEqualTo("os_cpu");
                double interval = s.intervalMs() / 1000.0;
                double all = 0;
                for (String mode : OsTables.CPU_MODES) {
                    if (!mode.startsWith("guest")) {
                        all += ((Number) s.values().get("cpu_" + mode + "_seconds")).doubleValue();
                    }
                }
                // USER_HZ ticks: 10 ms each, so a few ticks' worth either way.
                assertThat(all)
                        .as("cpu " + s.values().get("cpu") + ": modes add up to the interval")
                        .isBetween(interval * 0.95 - 0.03, interval * 1.05 + 0.03);
            }
            Map<String, Object> one = out.stream()
                    .filter(s -> "1".equals(s.values().get("cpu")))
                    .findFirst()
                    .orElseThrow()
                    .values();
            double busy = 0;
            for (String mode : OsTables.BUSY_CPU_MODES) {
                busy += ((Number) one.get("cpu_" + mode + "_seconds")).doubleValue();
            }
            assertThat(busy / (out.get(0).intervalMs() / 1000.0))
                    .as("CPU 1 busy share")
                    .isGreaterThan(0.9);
            assertThat(malformed.of("os_cpu").count()).isZero();
        } finally {
            loop.destroyForcibly();
        }
    }
}
