package io.kubemon.agent.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kubemon.agent.TestSupport;
import io.kubemon.agent.cgroup.CgroupFs;
import io.kubemon.agent.cgroup.CgroupReader;
import io.kubemon.agent.config.AgentProperties;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.Notices;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.kubernetes.PodMetadata;
import io.kubemon.agent.process.ProcessSource;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.wire.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The container and process monitors against real containers of the local Docker engine, with
 * real cgroups and the real /proc: discovery through the engine's API and its event stream, numbers
 * through the shared cgroup reader.
 */
class DockerContainersTest {
    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();
    private static final HostPaths HOST = new HostPaths(Path.of("/proc"), Path.of("/sys"), Path.of("/sys/fs/cgroup"));

    private DockerDiscovery docker;
    private ContainerSource containers;
    private ProcessSource processes;
    private io.kubemon.agent.host.EventLog events;
    private ListAppender<ILoggingEvent> logs;
    private long tickTime = 1_764_000_000_000L;

    @BeforeEach
    void setUp() {
        DockerHost.require();
        DockerHost.removeAll();
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        ProcFiles files = new ProcFiles();
        CgroupReader cgroups = new CgroupReader(new CgroupFs(HOST), files, malformed);
        AgentProperties props = TestSupport.properties(Path.of("/"), "unix:///var/run/docker.sock");
        docker = new DockerDiscovery(props, HOST, cgroups, new Notices(), JSON);
        Containers all = new Containers(List.of(docker), cgroups);
        events = new io.kubemon.agent.host.EventLog();
        SchedstatReadings schedstats = new SchedstatReadings(HOST, files, malformed);
        containers = new ContainerSource(all, cgroups, HOST, files, malformed, events, schedstats);
        processes = new ProcessSource(all, HOST, files, malformed, schedstats);
    }

    /** The real kernel's and Docker's files, whatever the test made happen, have no malformed field. */
    private final io.kubemon.agent.host.MalformedFields malformed = TestSupport.malformed();

    @AfterEach
    void noMalformedFields() {
        assertThat(malformed.of("container").count())
                .as("malformed fields in container files")
                .isZero();
        assertThat(malformed.of("process").count())
                .as("malformed fields in process files")
                .isZero();
    }

    @AfterEach
    void tearDown() {
        if (docker != null) {
            docker.close();
        }
        if (logs != null) {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        }
        DockerHost.removeAll();
    }

    private List<Sample> tick() {
        return tick(System.nanoTime());
    }

    private void awaitDiscovered(String id) throws InterruptedException {
        for (int i = 0; i < 100 && docker.containers().stream().noneMatch(c -> c.id().equals(id)); i++) {
            Thread.sleep(50);
        }
        assertThat(docker.containers()).as("docker discovery sees " + id).anyMatch(c -> c.id().equals(id));
    }

    private static Predicate<Sample> containerRow(String id) {
        return s -> s.table().equals("container") && id.equals(s.values().get("container_id"));
    }

    /** The events recorded since the last call. */
    private List<io.kubemon.common.wire.Event> events() {
        List<io.kubemon.common.wire.Event> out = new ArrayList<>();
        events.drainTo(out, tickTime);
        return out;
    }

    private static long oomKills(Path oomControl) throws java.io.IOException {
        for (String line : Files.readAllLines(oomControl)) {
            if (line.startsWith("oom_kill ")) {
                return Long.parseLong(line.substring("oom_kill ".length()).trim());
            }
        }
        return -1;
    }

    /**
     * A process asking for 64 MiB in a container limited to 32: the kernel's OOM killer takes it,
     * the cgroup's own counter says so, and exactly one oom_kill event names the container, by the
     * tick after the one where the counter was seen to change.
     */
    @Test
    void anOomKillIsOneEventForItsContainerWithinAnInterval() throws Exception {
        String id = DockerHost.start(
                "oom",
                List.of("--memory", "32m", "--memory-swap", "32m"),
                "sleep 2; dd if=/dev/zero of=/dev/null bs=64M count=1; sleep 60");
        awaitDiscovered(id);
        Path oomControl = Path.of("/sys/fs/cgroup/memory/docker", id, "memory.oom_control");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(oomControl), "no v1 memory group for the container");
        tick();
        List<io.kubemon.common.wire.Event> ooms = new ArrayList<>();
        int changedAt = -1;
        int eventAt = -1;
        for (int i = 0; i < 60 && (changedAt < 0 || i <= changedAt + 2); i++) {
            Thread.sleep(500);
            tick();
            for (io.kubemon.common.wire.Event e : events()) {
                if (e.kind() == io.kubemon.common.wire.EventKind.OOM_KILL && id.equals(e.containerId())) {
                    ooms.add(e);
                    eventAt = eventAt < 0 ? i : eventAt;
                }
            }
            if (changedAt < 0 && oomKills(oomControl) > 0) {
                changedAt = i;
            }
        }
        assertThat(changedAt).as("the kernel's OOM killer took the process").isNotNegative();
        assertThat(ooms).as("one OOM kill, one event").hasSize(1);
        assertThat(eventAt).as("by the next tick after the counter changed").isBetween(changedAt - 1, changedAt + 1);
        assertThat(ooms.get(0).containerName()).isEqualTo(DockerHost.PREFIX + "oom");
        assertThat(ooms.get(0).detail()).startsWith("1 process(es) killed").contains("33554432");
        assertThat(tick().stream()
                        .filter(r -> r.table().equals("process")
                                && id.equals(r.values().get("container_id")))
                        .map(r -> (String) r.values().get("command")))
                .as("the killed process has no rows after it")
                .noneMatch(c -> c.startsWith("dd "));
    }

    /**
     * Waiting for a CPU on a cgroup v1 host: two busy loops pinned to one CPU each run about half
     * of the interval and wait the other half (run + wait is the interval: a loop never sleeps); a
     * loop alone on its CPU hardly waits; a container's sums are its processes'.
     */
    @Test
    void twoLoopsPinnedToOneCpuEachWaitHalfTheIntervalAndTheContainerSumsThem() throws Exception {
        String pair =
                DockerHost.start("pair", List.of("--cpuset-cpus", "1"), "while :; do :; done & while :; do :; done");
        String solo = DockerHost.start("solo", List.of("--cpuset-cpus", "0"), "while :; do :; done");
        awaitDiscovered(pair);
        awaitDiscovered(solo);
        Thread.sleep(500);
        tick();
        Thread.sleep(2000);
        List<Sample> rows = tick();
        List<Sample> loops = rows.stream()
                .filter(r ->
                        r.table().equals("process") && pair.equals(r.values().get("container_id")))
                .filter(r -> ((Number) r.values().get("sched_run_seconds")).doubleValue() > 0.2)
                .toList();
        assertThat(loops).as("the pair's two loops").hasSize(2);
        // What holds whatever else the machine runs (a loaded CI host, stress beside the suite): a
        // loop that never sleeps is on a CPU or waiting for one the whole interval, and two loops
        // pinned to one CPU get at most that one CPU between them, so between them they wait at
        // least one interval. On an idle host that is half the interval each.
        double runs = 0;
        double waits = 0;
        double interval = loops.get(0).intervalMs() / 1000.0;
        for (Sample p : loops) {
            double run = ((Number) p.values().get("sched_run_seconds")).doubleValue();
            double wait = ((Number) p.values().get("sched_wait_seconds")).doubleValue();
            assertThat(run + wait)
                    .as("run + wait of a loop that never sleeps")
                    .isBetween(interval * 0.95, interval * 1.05);
            assertThat(p.values().get("last_cpu")).isEqualTo(1L);
            runs += run;
            waits += wait;
        }
        assertThat(runs)
                .as("two loops pinned to one CPU run at most one CPU's time")
                .isLessThan(interval * 1.05);
        assertThat(waits).as("so between them they wait at least an interval").isGreaterThan(interval * 0.95);
        Sample container = rows.stream().filter(containerRow(pair)).findFirst().orElseThrow();
        double cRun = ((Number) container.values().get("sched_run_seconds")).doubleValue();
        double cWait = ((Number) container.values().get("sched_wait_seconds")).doubleValue();
        // The container's sums and its processes' are read a few ms apart, by two sources.
        assertThat(cRun).as("the container's run time is its processes'").isCloseTo(runs, within(runs * 0.05 + 0.02));
        assertThat(cWait).as("the container's wait is its processes'").isCloseTo(waits, within(waits * 0.05 + 0.02));

        Sample alone = rows.stream()
                .filter(r ->
                        r.table().equals("process") && solo.equals(r.values().get("container_id")))
                .filter(r -> ((Number) r.values().get("sched_run_seconds")).doubleValue() > 0.2)
                .findFirst()
                .orElseThrow();
        double aloneRun = ((Number) alone.values().get("sched_run_seconds")).doubleValue();
        double aloneWait = ((Number) alone.values().get("sched_wait_seconds")).doubleValue();
        assertThat(aloneRun + aloneWait)
                .as("the lone loop never sleeps either")
                .isBetween(interval * 0.95, interval * 1.05);
        assertThat(alone.values().get("last_cpu")).as("pinned to CPU 0").isEqualTo(0L);
        // How little it waits depends on what else runs on CPU 0 (on an idle host, almost nothing);
        // it is never more than the pair's two loops wait between them.
        assertThat(aloneWait).isLessThan(waits);
    }

    /** Containers that start and exit during a run: an event each, the exit with Docker's exit code. */
    @Test
    void containersStartedAndExitedMidRunAreEventsWithTheirExitCode() throws Exception {
        tick(); // the run's first tick: what runs now did not start in the run
        events();
        String id = DockerHost.start("short", List.of(), "sleep 3; exit 3");
        awaitDiscovered(id);
        tick();
        assertThat(events())
                .filteredOn(e -> id.equals(e.containerId()))
                .extracting(e -> e.kind().wire() + " " + e.detail() + " " + e.source())
                .containsExactly("container_started started docker");
        for (int i = 0; i < 100 && docker.containers().stream().anyMatch(c -> c.id().equals(id)); i++) {
            Thread.sleep(100);
        }
        tick();
        assertThat(events())
                .filteredOn(e -> id.equals(e.containerId()))
                .extracting(e -> e.kind().wire() + " " + e.detail())
                .containsExactly("container_exited exit code 3");
    }

    @Test
    void aContainerLimitedToHalfACpuReadsHalfACore() throws Exception {
        String id = DockerHost.start("burn", List.of("--cpus", "0.5"), "while :; do :; done");
        awaitDiscovered(id);
        tick();
        Thread.sleep(2000);
        Sample row = tick().stream().filter(containerRow(id)).findFirst().orElseThrow();
        double cores = ((Number) row.values().get("cpu_usage_seconds")).doubleValue() / (row.intervalMs() / 1000.0);
        assertThat(cores).isBetween(0.4, 0.6);
        assertThat(row.values().get("cpu_limit_cores")).isEqualTo(0.5);
        assertThat(((Number) row.values().get("cpu_throttled_periods")).longValue())
                .isPositive();
        assertThat(row.values().get("container_name")).isEqualTo(DockerHost.PREFIX + "burn");
        assertThat(row.values().get("image")).isEqualTo(DockerHost.IMAGE);
        assertThat(row.values().get("runtime")).isEqualTo("docker");
        assertThat(row.source()).isEqualTo(DockerHost.PREFIX + "burn");
    }

    /**
     * On a hybrid host (v1 controllers plus the unified hierarchy) a container's pressure comes
     * from its group in the unified hierarchy: a container throttled to a tenth of a core stalls,
     * and the row's stall time lies within what the kernel's own file counted around the reads.
     */
    @Test
    void containerPressureComesFromTheUnifiedHierarchyOfAHybridHost() throws Exception {
        String id = DockerHost.start("psi", List.of("--cpus", "0.1"), "while :; do :; done & while :; do :; done");
        awaitDiscovered(id);
        Path pressure = Path.of("/sys/fs/cgroup/unified/docker", id, "cpu.pressure");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.exists(pressure), "no unified hierarchy with the container's group");
        long before = someTotalMicros(pressure); // before the first reading: the kernel's window holds the row's
        tick();
        Thread.sleep(1000);
        Sample row = tick().stream().filter(containerRow(id)).findFirst().orElseThrow();
        long after = someTotalMicros(pressure);
        double stalled = ((Number) row.values().get("psi_cpu_some_seconds")).doubleValue();
        assertThat(stalled).as("a throttled container stalls on CPU").isPositive();
        assertThat(stalled)
                .as("within the kernel's count around the reads")
                .isLessThanOrEqualTo((after - before) / 1e6 + 1e-9);
        assertThat(row.values().get("psi_cpu_some_avg10_ratio")).isNotNull();
    }

    private static long someTotalMicros(Path pressure) throws java.io.IOException {
        String some = Files.readAllLines(pressure).get(0);
        return Long.parseLong(some.substring(some.indexOf("total=") + 6).trim());
    }

    /**
     * The agent in a pod sees other processes' cgroups relative to its own group: the container's
     * /proc/&lt;pid&gt;/cgroup, read from a private cgroup namespace made here with unshare(1) by a
     * process in a group of its own, says "/../docker/&lt;id&gt;". Discovery finds the container all
     * the same, by its id in the host's tree (the real one), and reads its real numbers.
     */
    @Test
    void aContainerIsFoundThroughTheHostTreeFromAPrivateCgroupNamespace(@org.junit.jupiter.api.io.TempDir Path proc)
            throws Exception {
        String id = DockerHost.start("cgns", List.of(), "sleep 1000");
        String pid =
                DockerHost.run("docker", "inspect", "-f", "{{.State.Pid}}", id).trim();
        String group = "kubemon-test-cgns-" + ProcessHandle.current().pid();
        List<Path> made = new ArrayList<>();
        String seen;
        try {
            StringBuilder join = new StringBuilder();
            for (String hierarchy : List.of("memory", "pids", "unified")) {
                Path dir = Path.of("/sys/fs/cgroup", hierarchy, group);
                if (Files.isDirectory(dir.getParent())) {
                    Files.createDirectories(dir);
                    made.add(dir);
                    join.append("echo $$ > ")
                            .append(dir.resolve("cgroup.procs"))
                            .append("; ");
                }
            }
            seen = DockerHost.run("sh", "-c", join + "exec unshare --cgroup cat /proc/" + pid + "/cgroup");
        } finally {
            for (Path dir : made) {
                for (int i = 0; i < 50 && Files.exists(dir); i++) {
                    try {
                        Files.delete(dir); // busy until the shell above has exited
                    } catch (java.io.IOException e) {
                        Thread.sleep(20);
                    }
                }
            }
        }
        assertThat(seen)
                .as("a private cgroup namespace shows paths relative to its own group")
                .contains(":/../docker/" + id);

        Files.createDirectories(proc.resolve(pid));
        Files.writeString(proc.resolve(pid).resolve("cgroup"), seen);
        HostPaths inPod = new HostPaths(proc, Path.of("/sys"), Path.of("/sys/fs/cgroup"));
        ProcFiles files = new ProcFiles();
        CgroupReader cgroups = new CgroupReader(new CgroupFs(inPod), files, TestSupport.malformed());
        assertThat(cgroups.groupOf(proc.resolve(pid).resolve("cgroup")))
                .as("what the old mapping took")
                .hasValueSatisfying(g -> assertThat(g).startsWith("/.."));
        DockerDiscovery discovery = new DockerDiscovery(
                TestSupport.properties(Path.of("/"), "unix:///var/run/docker.sock"),
                inPod,
                cgroups,
                new Notices(),
                JSON);
        try {
            ContainerInfo found = null;
            for (int i = 0; i < 100 && found == null; i++) {
                Thread.sleep(50);
                found = discovery.containers().stream()
                        .filter(c -> c.id().equals(id))
                        .findFirst()
                        .orElse(null);
            }
            assertThat(found).as("discovered from inside the private namespace").isNotNull();
            assertThat(found.group()).isEqualTo("/docker/" + id);
            assertThat(((Number) cgroups.read(found.group()).gauges().get("memory_usage_bytes")).longValue())
                    .as("its real numbers")
                    .isPositive();
        } finally {
            discovery.close();
        }
    }

    /**
     * A Docker container in a pod-like tree (--cgroup-parent under kubepods, the cgroupfs driver's
     * layout on v1) is found by both discoveries and merged: Docker's name and image, the tree's
     * pod uid and QoS class, numbers from the group under kubepods.
     */
    @Test
    void aDockerContainerUnderKubepodsIsMergedWithTheKubeletTreesView() throws Exception {
        String uid = java.util.UUID.randomUUID().toString();
        String parent = "/kubepods/burstable/pod" + uid;
        String id = DockerHost.start("podlike", List.of("--cgroup-parent", parent), "sleep 1000");
        try {
            ProcFiles files = new ProcFiles();
            CgroupReader cgroups = new CgroupReader(new CgroupFs(HOST), files, TestSupport.malformed());
            KubepodsDiscovery tree = new KubepodsDiscovery(
                    new CgroupFs(HOST), cgroups, HOST, files, (podUid, containerId) -> PodMetadata.Names.NONE);
            ContainerSource both = new ContainerSource(
                    new Containers(List.of(tree, docker), cgroups),
                    cgroups,
                    HOST,
                    files,
                    TestSupport.malformed(),
                    new io.kubemon.agent.host.EventLog(),
                    new SchedstatReadings(HOST, files, TestSupport.malformed()));
            awaitDiscovered(id);
            assertThat(tree.containers()).extracting(ContainerInfo::id).contains(id);
            tickTime += 1000;
            both.sample(new Tick(tickTime, System.nanoTime(), "test-node"), s -> {});
            Thread.sleep(200);
            tickTime += 1000;
            List<Sample> rows = new ArrayList<>();
            both.sample(new Tick(tickTime, System.nanoTime(), "test-node"), rows::add);
            Sample row = rows.stream().filter(containerRow(id)).findFirst().orElseThrow();
            assertThat(row.values())
                    .containsEntry("runtime", "docker")
                    .containsEntry("container_name", DockerHost.PREFIX + "podlike")
                    .containsEntry("pod_uid", uid)
                    .containsEntry("qos_class", "burstable")
                    .containsEntry("processes", 1);
            assertThat(((Number) row.values().get("memory_usage_bytes")).longValue())
                    .isPositive();
            assertThat(docker.containers().stream()
                            .filter(c -> c.id().equals(id))
                            .findFirst()
                            .orElseThrow()
                            .group())
                    .isEqualTo(parent + "/" + id);
        } finally {
            DockerHost.run("docker", "rm", "-f", id);
            // The engine leaves the parent groups it made; remove them from every hierarchy there is.
            String[] hierarchies = Path.of("/sys/fs/cgroup").toFile().list();
            for (String controller : hierarchies == null ? new String[0] : hierarchies) {
                for (String dir : List.of(parent, "/kubepods/burstable", "/kubepods")) {
                    try {
                        Files.deleteIfExists(Path.of("/sys/fs/cgroup", controller, dir.substring(1)));
                    } catch (java.io.IOException e) {
                        // still in use, or not ours to remove
                    }
                }
            }
        }
    }

    @Test
    void sixtyFourMibHeldInShmAreCounted() throws Exception {
        String id = DockerHost.start(
                "mem",
                List.of("--shm-size", "128m"),
                "dd if=/dev/zero of=/dev/shm/fill bs=1M count=64 2>/dev/null; sleep 1000");
        awaitDiscovered(id);
        Sample row = null;
        for (int i = 0; i < 20 && row == null; i++) {
            tick();
            Thread.sleep(250);
            row = tick().stream()
                    .filter(containerRow(id))
                    .filter(s -> ((Number) s.values().get("memory_shmem_bytes")).longValue() >= 64L << 20)
                    .findFirst()
                    .orElse(null);
        }
        assertThat(row).as("a row with the 64 MiB shm file charged").isNotNull();
        assertThat(((Number) row.values().get("memory_usage_bytes")).longValue())
                .isGreaterThanOrEqualTo(64L << 20);
        assertThat(((Number) row.values().get("memory_working_set_bytes")).longValue())
                .isGreaterThanOrEqualTo(64L << 20);
    }

    @Test
    void everyProcessOfTheTreeHasRowsWithTheRightContainer() throws Exception {
        String id = DockerHost.start("tree", List.of(), "(sh -c 'sleep 1000 & sleep 1000; wait') & sleep 1000 & wait");
        awaitDiscovered(id);
        Set<Integer> expected = Set.of();
        for (int i = 0; i < 50 && expected.size() < 5; i++) {
            Thread.sleep(100);
            // docker top lists the container's processes with their host pids.
            expected = Arrays.stream(
                            DockerHost.run("docker", "top", id, "-o", "pid").split("\n"))
                    .skip(1)
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .map(Integer::parseInt)
                    .collect(Collectors.toSet());
        }
        assertThat(expected).as("the shell, a subshell and three sleeps").hasSize(5);
        tick();
        Thread.sleep(300);
        List<Sample> rows =
                tick().stream().filter(s -> s.table().equals("process")).toList();
        Set<Integer> seen = rows.stream()
                .filter(s -> id.equals(s.values().get("container_id")))
                .map(s -> ((Number) s.values().get("pid")).intValue())
                .collect(Collectors.toSet());
        assertThat(seen).isEqualTo(expected);
        Sample grandchild = rows.stream()
                .filter(s -> "sleep 1000".equals(s.values().get("command")))
                .filter(s -> !s.values()
                        .get("ppid")
                        .equals(rows.stream()
                                .filter(r ->
                                        r.values().get("command").toString().startsWith("sh -c (sh"))
                                .findFirst()
                                .orElseThrow()
                                .values()
                                .get("pid")))
                .findFirst()
                .orElseThrow();
        assertThat(grandchild.values().get("state")).isEqualTo("S");
        assertThat(((Number) grandchild.values().get("threads")).intValue()).isEqualTo(1);
        assertThat(((Number) grandchild.values().get("memory_rss_bytes")).longValue())
                .isPositive();
        // From the fd directory's size on procfs (Linux >= 6.2), which must be the directory's entries.
        long listed;
        try (var fds = java.nio.file.Files.list(
                Path.of("/proc", grandchild.values().get("pid").toString(), "fd"))) {
            listed = fds.count();
        }
        assertThat(((Number) grandchild.values().get("open_fds")).longValue())
                .isEqualTo(listed)
                .isGreaterThanOrEqualTo(3);
        Sample container = tick().stream().filter(containerRow(id)).findFirst().orElseThrow();
        assertThat(container.values().get("processes")).isEqualTo(5);
    }

    /**
     * At the cadence users run, a process started in a container mid-run is listed from the
     * first tick after it exists, and one that exits is gone from the first tick after its exit;
     * the container's processes column follows both. On cgroup v1 a kept-open cgroup.procs kept
     * answering the pid list of its first read: the new process never showed at 100 or 500 ms.
     */
    @ParameterizedTest(name = "every {0} ms")
    @ValueSource(longs = {100, 500, 1000})
    void aProcessForkedOrKilledMidRunIsSeenFromTheNextTick(long intervalMs) throws Exception {
        String id = DockerHost.start("fork-" + intervalMs, List.of(), "sleep 1000");
        awaitDiscovered(id);
        List<TickResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
        var timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        timer.scheduleAtFixedRate(
                () -> {
                    long started = System.nanoTime();
                    List<Sample> rows = tick(started);
                    results.add(new TickResult(started, System.nanoTime(), rows));
                },
                0,
                intervalMs,
                java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            Thread.sleep(3 * intervalMs + 200);
            long forkIssued = System.nanoTime();
            DockerHost.run("docker", "exec", "-d", id, "sleep", "777777");
            int pid = awaitHostPid(id, "777777");
            long forkSeen = System.nanoTime();
            Thread.sleep(3 * intervalMs + 200);
            ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
            long killIssued = System.nanoTime();
            handle.destroyForcibly();
            handle.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            for (int i = 0; i < 100 && Files.exists(Path.of("/proc", Integer.toString(pid))); i++) {
                Thread.sleep(20); // reaped by the container's init (docker-init or its shell)
            }
            long exitSeen = System.nanoTime();
            Thread.sleep(3 * intervalMs + 200);
            timer.shutdown();
            assertThat(timer.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();

            // Ticks wholly on one side of the fork and of the kill: a tick lists a container's
            // processes, then reads each, so one killed in between is counted and has no row.
            List<TickResult> between = results.stream()
                    .filter(r -> r.started() > forkSeen && r.ended() < killIssued)
                    .toList();
            List<TickResult> before =
                    results.stream().filter(r -> r.ended() < forkIssued).skip(1).toList();
            List<TickResult> after =
                    results.stream().filter(r -> r.started() > exitSeen).toList();
            assertThat(between).as("ticks while the forked process ran").hasSizeGreaterThanOrEqualTo(2);
            assertThat(after).as("ticks after it exited").hasSizeGreaterThanOrEqualTo(2);
            for (TickResult r : between) {
                assertThat(processes(r, id)).as("processes column while it ran").isEqualTo(2);
                assertThat(pids(r, id)).as("process rows while it ran").contains(pid);
            }
            Sample first = between.get(0).rows().stream()
                    .filter(s -> s.table().equals("process"))
                    .filter(s -> ((Number) s.values().get("pid")).intValue() == pid)
                    .findFirst()
                    .orElseThrow();
            assertThat(first.values().get("command")).isEqualTo("sleep 777777");
            assertThat(between.get(between.size() - 1).rows())
                    .filteredOn(s -> s.table().equals("process"))
                    .filteredOn(s -> ((Number) s.values().get("pid")).intValue() == pid)
                    .singleElement()
                    .satisfies(
                            s -> assertThat(s.values().get("cpu_user_seconds")).isNotNull());
            for (TickResult r : before) {
                assertThat(processes(r, id))
                        .as("processes column before the fork")
                        .isEqualTo(1);
            }
            for (TickResult r : after) {
                assertThat(processes(r, id))
                        .as("processes column after the exit")
                        .isEqualTo(1);
                assertThat(pids(r, id)).as("process rows after the exit").doesNotContain(pid);
            }
        } finally {
            timer.shutdownNow();
        }
    }

    private record TickResult(long started, long ended, List<Sample> rows) {}

    private List<Sample> tick(long nanos) {
        synchronized (this) {
            tickTime += 1000;
            Tick t = new Tick(tickTime, nanos, "test-node");
            List<Sample> out = new ArrayList<>();
            containers.sample(t, out::add);
            processes.sample(t, out::add);
            return io.kubemon.agent.TestSupport.knownColumns(out);
        }
    }

    private static Object processes(TickResult r, String id) {
        return r.rows().stream()
                .filter(containerRow(id))
                .findFirst()
                .map(s -> s.values().get("processes"))
                .orElse(null);
    }

    private static Set<Integer> pids(TickResult r, String id) {
        return r.rows().stream()
                .filter(s -> s.table().equals("process"))
                .filter(s -> id.equals(s.values().get("container_id")))
                .map(s -> ((Number) s.values().get("pid")).intValue())
                .collect(Collectors.toSet());
    }

    /** The host pid of the container's process whose arguments contain {@code marker}. */
    private static int awaitHostPid(String id, String marker) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            for (String line :
                    DockerHost.run("docker", "top", id, "-o", "pid,args").split("\n")) {
                if (line.contains(marker)) {
                    return Integer.parseInt(line.trim().split("\\s+")[0]);
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no process with " + marker + " in " + id);
    }

    /**
     * A host-network container gets no network cells (they would be the whole host's, which
     * os_net has), and containers sharing one namespace, as a pod's do, name the same one.
     */
    @Test
    void networkCellsComeFromTheContainersOwnNamespace() throws Exception {
        String host = DockerHost.start("hostnet", List.of("--network", "host"), "sleep 1000");
        String pod = DockerHost.start("pod", List.of(), "sleep 1000");
        String sidecar = DockerHost.start("sidecar", List.of("--network", "container:" + pod), "sleep 1000");
        awaitDiscovered(host);
        awaitDiscovered(pod);
        awaitDiscovered(sidecar);
        tick();
        Thread.sleep(200);
        List<Sample> rows = tick();
        // This test runs in the host's network namespace (where dockerd puts --network host); pid 1's
        // link may be unreadable in a sandbox, which the source works around.
        String hostNs = Long.toString(NetNamespace.parse(
                Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString()));
        Sample hostRow = rows.stream().filter(containerRow(host)).findFirst().orElseThrow();
        Sample podRow = rows.stream().filter(containerRow(pod)).findFirst().orElseThrow();
        Sample sidecarRow =
                rows.stream().filter(containerRow(sidecar)).findFirst().orElseThrow();
        assertThat(hostRow.values().get("network_namespace")).isEqualTo(hostNs);
        assertThat(hostRow.values().get("network_receive_bytes"))
                .as("host networking: no network cells")
                .isNull();
        assertThat(podRow.values().get("network_namespace"))
                .isNotNull()
                .isNotEqualTo(hostNs)
                .isEqualTo(sidecarRow.values().get("network_namespace"));
        assertThat(podRow.values().get("network_receive_bytes"))
                .as("its own namespace: counted")
                .isNotNull();
        assertThat(sidecarRow.values().get("network_receive_bytes")).isNotNull();
    }

    /** exec keeps pid and start time: the command column follows it all the same. */
    @Test
    void aCommandChangedByExecIsSeen() throws Exception {
        String id = DockerHost.start("exec", List.of(), "sleep 2; exec sleep 1001");
        awaitDiscovered(id);
        tick();
        Thread.sleep(300);
        Sample before = tick().stream()
                .filter(s -> s.table().equals("process"))
                .filter(s -> id.equals(s.values().get("container_id")))
                .filter(s -> s.values().get("command").toString().startsWith("sh -c"))
                .findFirst()
                .orElseThrow();
        Object pid = before.values().get("pid");
        Sample after = null;
        for (int i = 0; i < 40 && after == null; i++) {
            Thread.sleep(100);
            after = tick().stream()
                    .filter(s -> s.table().equals("process"))
                    .filter(s -> pid.equals(s.values().get("pid")))
                    .filter(s -> "sleep 1001".equals(s.values().get("command")))
                    .findFirst()
                    .orElse(null);
        }
        assertThat(after).as("pid " + pid + " after its exec").isNotNull();
        assertThat(after.values().get("start_time_seconds"))
                .isEqualTo(before.values().get("start_time_seconds"));
    }

    @Test
    void stoppedContainersStopQuietlyAndNewOnesAppearWithinATick() throws Exception {
        String first = DockerHost.start("first", List.of(), "sleep 1000");
        awaitDiscovered(first);
        tick();
        assertThat(tick()).anyMatch(containerRow(first));

        DockerHost.run("docker", "stop", "-t", "0", first);
        String second = DockerHost.start("second", List.of(), "sleep 1000");
        awaitDiscovered(second);
        List<Sample> after = tick();
        assertThat(after).noneMatch(containerRow(first));
        assertThat(tick()).noneMatch(containerRow(first)).anyMatch(containerRow(second));
        assertThat(logs.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    }

    @Test
    void kubeletLabelsGiveThePodAndSandboxesAreLeftOut() throws Exception {
        String app = DockerHost.start(
                "k8s-app",
                List.of(
                        "--label", "io.kubernetes.pod.name=web-0",
                        "--label", "io.kubernetes.pod.namespace=shop",
                        "--label", "io.kubernetes.container.name=nginx",
                        "--label", "io.kubernetes.pod.uid=0b3c1a52-5f0e-4e4c-9a55-7f1f3d4c2b10",
                        "--label", "io.kubernetes.docker.type=container"),
                "sleep 1000");
        String pause = DockerHost.start(
                "k8s-pause",
                List.of(
                        "--label", "io.kubernetes.pod.name=web-0",
                        "--label", "io.kubernetes.pod.namespace=shop",
                        "--label", "io.kubernetes.container.name=POD",
                        "--label", "io.kubernetes.docker.type=podsandbox"),
                "sleep 1000");
        awaitDiscovered(app);
        tick();
        List<Sample> rows = tick();
        Sample row = rows.stream().filter(containerRow(app)).findFirst().orElseThrow();
        assertThat(row.values())
                .containsEntry("pod", "web-0")
                .containsEntry("namespace", "shop")
                .containsEntry("kube_container", "nginx")
                .containsEntry("pod_uid", "0b3c1a52-5f0e-4e4c-9a55-7f1f3d4c2b10");
        assertThat(row.source()).isEqualTo("shop_web-0_nginx");
        assertThat(rows).noneMatch(containerRow(pause));
        assertThat(rows)
                .filteredOn(s -> s.table().equals("process"))
                .anyMatch(s -> app.equals(s.values().get("container_id")));
    }

    @Test
    void aMissingDockerSocketIsANoticeNotAnError() throws Exception {
        Notices notices = new Notices();
        AgentProperties props = TestSupport.properties(Path.of("/"), "unix:///nonexistent/docker.sock");
        DockerDiscovery missing = new DockerDiscovery(
                props,
                HOST,
                new CgroupReader(new CgroupFs(HOST), new ProcFiles(), TestSupport.malformed()),
                notices,
                JSON);
        try {
            for (int i = 0; i < 50 && notices.all().isEmpty(); i++) {
                Thread.sleep(20);
            }
            assertThat(notices.all())
                    .singleElement()
                    .asString()
                    .contains("no Docker socket at /nonexistent/docker.sock");
            assertThat(missing.containers()).isEmpty();
            assertThat(missing.connected()).isFalse();
        } finally {
            missing.close();
        }
        assertThat(logs.list)
                .filteredOn(e -> e.getFormattedMessage().contains("/nonexistent/docker.sock"))
                .hasSize(1);
    }
}
