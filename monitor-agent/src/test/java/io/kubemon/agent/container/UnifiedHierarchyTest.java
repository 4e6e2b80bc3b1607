package io.kubemon.agent.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.agent.TestSupport;
import io.kubemon.agent.cgroup.CgroupFs;
import io.kubemon.agent.cgroup.CgroupReader;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.kubernetes.PodMetadata;
import io.kubemon.agent.process.ProcessSource;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.wire.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kubelet's cgroup trees, of both drivers, built for real in the cgroup v2 hierarchy this
 * host mounts beside its v1 controllers ({@code /sys/fs/cgroup/unified}): groups made with mkdir,
 * real processes moved in, and the agent's cgroup root pointed at that hierarchy. Discovery,
 * CPU, pressure, the process list and the process rows are checked against the kernel's own
 * files, with a process started and one killed mid-run. The memory and io controllers stay with
 * v1 on this host, so their columns are covered by the hand-made v2 fixture instead.
 */
class UnifiedHierarchyTest {
    private static final Path UNIFIED = Path.of("/sys/fs/cgroup/unified");

    private final List<Path> made = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private long tickTime = 1_764_000_000_000L;
    private ContainerSource containerSource;
    private ProcessSource processSource;
    private KubepodsDiscovery discovery;
    private ProcFiles files;

    @BeforeEach
    void requireTheHierarchy() {
        boolean usable = Files.exists(UNIFIED.resolve("cgroup.controllers")) && Files.isWritable(UNIFIED);
        if (!usable && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI needs the cgroup v2 hierarchy at " + UNIFIED + ", writable (run as root)");
        }
        Assumptions.assumeTrue(usable, "no writable cgroup v2 hierarchy at " + UNIFIED);
        Assumptions.assumeFalse(
                Files.exists(UNIFIED.resolve("kubepods")) || Files.exists(UNIFIED.resolve("kubepods.slice")),
                "a real kubelet tree is there; not touching it");
        HostPaths paths = new HostPaths(Path.of("/proc"), Path.of("/sys"), UNIFIED);
        files = new ProcFiles();
        CgroupFs fs = new CgroupFs(paths);
        CgroupReader reader = new CgroupReader(fs, files, TestSupport.malformed());
        discovery = new KubepodsDiscovery(fs, reader, paths, files, (uid, id) -> PodMetadata.Names.NONE);
        Containers all = new Containers(List.of(discovery), reader);
        SchedstatReadings schedstats = new SchedstatReadings(paths, files, TestSupport.malformed());
        containerSource = new ContainerSource(
                all, reader, paths, files, TestSupport.malformed(), new io.kubemon.agent.host.EventLog(), schedstats);
        processSource = new ProcessSource(all, paths, files, TestSupport.malformed(), schedstats);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly().waitFor();
        }
        List<Path> reversed = new ArrayList<>(made);
        Collections.reverse(reversed);
        for (Path dir : reversed) {
            for (int i = 0; i < 100 && Files.exists(dir); i++) {
                try {
                    Files.delete(dir);
                } catch (IOException e) {
                    Thread.sleep(20); // a killed process leaves its group a moment later
                }
            }
        }
    }

    private Path group(String relative) throws IOException {
        Path dir = UNIFIED;
        for (String part : relative.split("/")) {
            dir = dir.resolve(part);
            if (!Files.exists(dir)) {
                Files.createDirectory(dir);
                made.add(dir);
            }
        }
        return dir;
    }

    /** A real process, moved into {@code group} before it does anything worth measuring. */
    private Process spawn(Path group, String script) throws IOException {
        Process p =
                new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        processes.add(p);
        Files.writeString(group.resolve("cgroup.procs"), Long.toString(p.pid()));
        return p;
    }

    private List<Sample> tick() {
        tickTime += 1000;
        Tick t = new Tick(tickTime, System.nanoTime(), "test-node");
        List<Sample> out = new ArrayList<>();
        containerSource.sample(t, out::add);
        processSource.sample(t, out::add);
        return io.kubemon.agent.TestSupport.knownColumns(out);
    }

    private static Sample row(List<Sample> rows, String id) {
        return rows.stream()
                .filter(s ->
                        s.table().equals("container") && id.equals(s.values().get("container_id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container row for " + id + " in " + rows));
    }

    private static Set<Integer> pids(List<Sample> rows, String id) {
        return rows.stream()
                .filter(s -> s.table().equals("process") && id.equals(s.values().get("container_id")))
                .map(s -> ((Number) s.values().get("pid")).intValue())
                .collect(Collectors.toSet());
    }

    private static String containerId() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static long usageMicros(Path group) throws IOException {
        return Files.readAllLines(group.resolve("cpu.stat")).stream()
                .filter(l -> l.startsWith("usage_usec "))
                .mapToLong(l -> Long.parseLong(l.substring(11).trim()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void kubeletTreesOfBothDriversWithRealProcesses() throws Exception {
        String uidA = UUID.randomUUID().toString();
        String uidB = UUID.randomUUID().toString();
        String uidC = UUID.randomUUID().toString();
        String idA = containerId();
        String idB = containerId();
        String idC = containerId();
        Path a = group("kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + uidA.replace('-', '_')
                + ".slice/cri-containerd-" + idA + ".scope");
        Path b = group("kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + uidB.replace('-', '_')
                + ".slice/crio-" + idB + ".scope");
        Path c = group("kubepods/pod" + uidC + "/" + idC); // cgroupfs driver, guaranteed
        Process busy = spawn(a, "while :; do :; done");
        Process idle = spawn(a, "exec sleep 1000");
        spawn(b, "exec sleep 1000");
        spawn(c, "exec sleep 1000");

        assertThat(discovery.containers())
                .extracting(ContainerInfo::id, ContainerInfo::podUid, ContainerInfo::qos, ContainerInfo::runtime)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(idA, uidA, "burstable", "containerd"),
                        org.assertj.core.groups.Tuple.tuple(idB, uidB, "besteffort", "cri-o"),
                        org.assertj.core.groups.Tuple.tuple(idC, uidC, "guaranteed", "cgroup"));

        long before = usageMicros(a); // before the first reading: the kernel's window holds the row's
        tick();
        Thread.sleep(1000);
        List<Sample> rows = tick();
        long after = usageMicros(a);
        Sample rowA = row(rows, idA);
        double cpu = ((Number) rowA.values().get("cpu_usage_seconds")).doubleValue();
        assertThat(cpu)
                .as("a busy loop for about a second")
                .isGreaterThan(0.3)
                .isLessThanOrEqualTo((after - before) / 1e6 + 1e-9);
        assertThat(rowA.values())
                .containsEntry("cgroup_version", 2)
                .containsEntry("processes", 2)
                .containsEntry("pod_uid", uidA)
                .containsEntry("qos_class", "burstable")
                .containsEntry("runtime", "containerd");
        assertThat(rowA.values().get("psi_cpu_some_seconds"))
                .as("the kernel's cpu.pressure of the group")
                .isNotNull();
        assertThat(rowA.values().get("memory_usage_bytes"))
                .as("the memory controller stays with v1 here")
                .isNull();
        assertThat(pids(rows, idA)).containsExactlyInAnyOrder((int) busy.pid(), (int) idle.pid());
        assertThat(row(rows, idB).values())
                .containsEntry("qos_class", "besteffort")
                .containsEntry("processes", 1);
        assertThat(row(rows, idC).values())
                .containsEntry("qos_class", "guaranteed")
                .containsEntry("processes", 1);

        // A process started in a container mid-run, and one killed.
        Process late = spawn(c, "exec sleep 1001");
        Path idleStat = Path.of("/proc", Long.toString(idle.pid()), "stat");
        assertThat(files.keeps(idleStat))
                .as("a live process's stat is kept open between ticks")
                .isTrue();
        idle.destroyForcibly().waitFor();
        List<Sample> next = tick();
        assertThat(files.keeps(idleStat))
                .as("an exited process's files are closed at the next tick, not after idling")
                .isFalse();
        assertThat(row(next, idC).values()).containsEntry("processes", 2);
        assertThat(pids(next, idC)).contains((int) late.pid());
        assertThat(row(next, idA).values()).containsEntry("processes", 1);
        assertThat(pids(next, idA)).containsExactly((int) busy.pid());
    }
}
