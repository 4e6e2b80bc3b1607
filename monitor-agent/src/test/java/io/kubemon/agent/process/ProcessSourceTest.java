package io.kubemon.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.agent.TestSupport;
import io.kubemon.agent.cgroup.CgroupFs;
import io.kubemon.agent.cgroup.CgroupReader;
import io.kubemon.agent.container.ContainerInfo;
import io.kubemon.agent.container.Containers;
import io.kubemon.agent.container.SchedstatReadings;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.wire.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process table on a recorded tree (fixtures/process-cgroup1: a real shell burning a CPU and
 * appending to a file, and its child {@code sleep}, read twice a second apart), without Docker or
 * a cgroup hierarchy: every column of a process can be tested here. The expected values are
 * worked out from the fixture's files.
 */
class ProcessSourceTest {
    private static final Path FIXTURE = TestSupport.FIXTURES.resolve("process-cgroup1");

    @TempDir
    Path root;

    private String id;
    private int shell;
    private int sleep;
    private ProcessSource source;

    @BeforeEach
    void setUp() throws IOException {
        String[] ids = Files.readString(FIXTURE.resolve("ids.txt")).trim().split(" ");
        id = ids[0];
        shell = Integer.parseInt(ids[1]);
        sleep = Integer.parseInt(ids[2]);
        HostPaths paths = TestSupport.paths(root);
        ProcFiles files = new ProcFiles();
        CgroupReader reader = new CgroupReader(new CgroupFs(paths), files, TestSupport.malformed());
        ContainerInfo c = new ContainerInfo(
                id, "fix", "busybox", "web-0", "exp", "web", "uid-1", "docker", "/docker/" + id, null);
        source = new ProcessSource(
                new Containers(List.of(() -> List.of(c)), reader),
                paths,
                files,
                TestSupport.malformed(),
                new SchedstatReadings(paths, files, TestSupport.malformed()));
        TestSupport.copyTree(FIXTURE.resolve("t0"), root);
    }

    private List<Sample> tick(long ms) {
        List<Sample> out = new ArrayList<>();
        source.sample(new Tick(ms, ms * 1_000_000L, "n"), out::add);
        return TestSupport.knownColumns(out);
    }

    private static Map<String, Object> of(List<Sample> rows, int pid) {
        return rows.stream()
                .filter(s -> Integer.valueOf(pid).equals(s.values().get("pid")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for pid " + pid))
                .values();
    }

    @Test
    void everyProcessOfTheContainerWithItsCountersOverTheInterval() {
        assertThat(tick(1_000)).as("the first tick primes").isEmpty();
        TestSupport.copyTree(FIXTURE.resolve("t1"), root);
        List<Sample> rows = tick(2_000);
        assertThat(rows).hasSize(2);
        assertThat(rows).allSatisfy(s -> {
            assertThat(s.table()).isEqualTo("process");
            assertThat(s.intervalMs()).isEqualTo(1_000);
        });

        Map<String, Object> sh = of(rows, shell);
        assertThat(sh)
                .containsEntry("container_id", id)
                .containsEntry("pod", "web-0")
                .containsEntry("namespace", "exp")
                .containsEntry("ppid", 32025)
                .containsEntry("state", "R")
                .containsEntry("threads", 1L)
                .containsEntry("open_fds", 5L);
        assertThat((String) sh.get("command")).startsWith("sh -c sleep 60 & i=0;");
        // stat utime 49 -> 152, stime 1 -> 1 (USER_HZ ticks)
        assertThat(sh.get("cpu_user_seconds")).isEqualTo(1.03);
        assertThat(sh.get("cpu_system_seconds")).isEqualTo(0.0);
        // status nonvoluntary_ctxt_switches 47 -> 141; io wchar 76 -> 244, write_bytes 4096 -> 4096
        assertThat(sh.get("involuntary_context_switches")).isEqualTo(94L);
        assertThat(sh.get("voluntary_context_switches")).isEqualTo(0L);
        assertThat(sh.get("io_wchar_bytes")).isEqualTo(168L);
        assertThat(sh.get("io_write_bytes")).isEqualTo(0L);
        assertThat(sh.get("minor_faults")).isEqualTo(0L);
        // status VmRSS 1716 kB, VmSize 2592 kB; RssFile 1596 kB + RssShmem 0 kB
        assertThat(sh.get("memory_rss_bytes")).isEqualTo(1716L * 1024);
        assertThat(sh.get("memory_vms_bytes")).isEqualTo(2592L * 1024);
        assertThat(sh.get("memory_shared_bytes")).isEqualTo(1596L * 1024);
        assertThat(sh.get("start_time_seconds")).isEqualTo(10893.25);
        // stat field 39 (processor) 0; status VmSwap 0 kB
        assertThat(sh.get("last_cpu")).isEqualTo(0L);
        assertThat(sh.get("memory_swap_bytes")).isEqualTo(0L);
        // The tree has no schedstat (as a kernel without CONFIG_SCHED_INFO): empty cells, not malformed ones.
        assertThat(sh.get("sched_wait_seconds")).isNull();
        assertThat(sh.get("sched_run_seconds")).isNull();

        Map<String, Object> child = of(rows, sleep);
        assertThat(child).containsEntry("ppid", shell).containsEntry("state", "S");
        assertThat(child.get("command")).isEqualTo("sleep 60");
        assertThat(child.get("cpu_user_seconds")).isEqualTo(0.0);
    }

    @Test
    void aProcessThatAppearsHasItsGaugesAtOnceAndItsCountersFromItsSecondReading() throws IOException {
        Path procs = root.resolve("sys/fs/cgroup/pids/docker/" + id + "/cgroup.procs");
        Files.writeString(procs, shell + "\n"); // at t0 only the shell is in the container
        tick(1_000);
        TestSupport.copyTree(FIXTURE.resolve("t1"), root); // the child forked since
        Map<String, Object> child = of(tick(2_000), sleep);
        assertThat(child.get("memory_rss_bytes")).isNotNull();
        assertThat(child.get("command")).isEqualTo("sleep 60");
        assertThat(child.get("cpu_user_seconds"))
                .as("no earlier reading: an empty cell, not a zero")
                .isNull();
        assertThat(child.get("io_rchar_bytes")).isNull();
    }

    @Test
    void aProcessThatExitedHasNoRowAndAPidReusedStartsAfresh() throws IOException {
        tick(1_000);
        TestSupport.copyTree(FIXTURE.resolve("t1"), root);
        Path procs = root.resolve("sys/fs/cgroup/pids/docker/" + id + "/cgroup.procs");
        Files.writeString(procs, shell + "\n" + sleep + "\n");
        // The child exited and its pid came back as another process (a later start time).
        Path stat = root.resolve("proc/" + sleep + "/stat");
        Files.writeString(stat, Files.readString(stat).replace(" 1089326 ", " 1089999 "));
        List<Sample> rows = tick(2_000);
        assertThat(of(rows, shell).get("cpu_user_seconds")).isEqualTo(1.03);
        assertThat(of(rows, sleep).get("cpu_user_seconds"))
                .as("another process under the same pid")
                .isNull();

        Files.writeString(procs, shell + "\n");
        assertThat(tick(3_000)).extracting(s -> s.values().get("pid")).containsExactly(shell);
    }
}
