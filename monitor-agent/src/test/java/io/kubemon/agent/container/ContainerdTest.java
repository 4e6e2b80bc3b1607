package io.kubemon.agent.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.kubemon.agent.TestSupport;
import io.kubemon.agent.cgroup.CgroupFs;
import io.kubemon.agent.cgroup.CgroupReader;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.kubernetes.PodMetadata;
import io.kubemon.agent.process.ProcessSource;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.wire.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * containerd for real (Debian's containerd and runc, the instance the Docker engine runs): a
 * container started with {@code ctr run --cgroup} under a kubelet-style path, as the CRI plugin
 * places a pod's container, with the busybox image imported from a tarball. The agent finds it in
 * the cgroup tree with no runtime API at all, names it a containerd container, and its rows
 * match its cgroup's own files and its task's pid.
 */
class ContainerdTest {
    private static final HostPaths HOST = new HostPaths(Path.of("/proc"), Path.of("/sys"), Path.of("/sys/fs/cgroup"));
    private static final String NAMESPACE = "kubemon-test";

    private String socket;
    private String task;
    private String parentTop;

    @BeforeEach
    void requireContainerd() {
        DockerHost.require(); // the image comes from the local engine; its containerd runs the container
        socket = List.of("/run/containerd/containerd.sock", "/var/run/docker/containerd/containerd.sock").stream()
                .filter(s -> Files.exists(Path.of(s)))
                .findFirst()
                .orElse(null);
        String why = socket == null ? "no containerd socket" : null;
        if (why == null) {
            try {
                ctr("version");
            } catch (RuntimeException e) {
                why = "ctr does not answer: " + e.getMessage();
            }
        }
        if (why != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail(why + " (the Docker engine started by scripts/docker-for-tests.sh runs one)");
            }
            Assumptions.abort(why);
        }
        DockerHost.run(
                "sh",
                "-c",
                "docker save " + DockerHost.IMAGE + " | ctr -a " + socket + " -n " + NAMESPACE + " images import -");
    }

    @AfterEach
    void removeTask() {
        if (task != null) {
            try {
                ctr("task", "kill", "-s", "KILL", task);
            } catch (RuntimeException e) {
                // already gone
            }
            for (int i = 0; i < 50; i++) {
                try {
                    ctr("task", "delete", task);
                    break;
                } catch (RuntimeException e) {
                    sleep(100); // still exiting
                }
            }
            try {
                ctr("containers", "delete", task);
            } catch (RuntimeException e) {
                // never created
            }
        }
        if (parentTop != null) {
            // runc removes the container's group; the parents it made stay, in every hierarchy.
            DockerHost.run(
                    "sh",
                    "-c",
                    "for h in /sys/fs/cgroup/*; do [ -d $h/" + parentTop + " ] && find $h/" + parentTop
                            + " -depth -type d -exec rmdir {} \\; ; done; true");
        }
    }

    private String ctr(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ctr", "-a", socket, "-n", NAMESPACE));
        cmd.addAll(List.of(args));
        return DockerHost.run(cmd.toArray(String[]::new));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aContainerStartedByContainerdUnderAKubeletPathIsAContainerdContainer() throws Exception {
        Assumptions.assumeFalse(
                Files.exists(Path.of("/sys/fs/cgroup/memory/kubepods.slice")),
                "a real kubelet tree is there; not adding to it");
        byte[] raw = new byte[32];
        ThreadLocalRandom.current().nextBytes(raw);
        String id = HexFormat.of().formatHex(raw);
        String uid = UUID.randomUUID().toString();
        parentTop = "kubepods.slice";
        String group = "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + uid.replace('-', '_')
                + ".slice/cri-containerd-" + id + ".scope";
        task = "kubemon-test-" + id.substring(0, 12);
        ctr("run", "-d", "--cgroup", group, "docker.io/library/" + DockerHost.IMAGE, task, "sh", "-c", "sleep 1000");
        int pid = -1;
        for (String line : ctr("task", "ls").split("\n")) {
            if (line.startsWith(task)) {
                pid = Integer.parseInt(line.trim().split("\\s+")[1]);
            }
        }
        assertThat(pid).as("the task's pid").isPositive();

        ProcFiles files = new ProcFiles();
        CgroupFs fs = new CgroupFs(HOST);
        CgroupReader cgroups = new CgroupReader(fs, files, TestSupport.malformed());
        KubepodsDiscovery discovery = new KubepodsDiscovery(fs, cgroups, HOST, files, (u, c) -> PodMetadata.Names.NONE);
        Containers all = new Containers(List.of(discovery), cgroups);
        SchedstatReadings schedstats = new SchedstatReadings(HOST, files, TestSupport.malformed());
        ContainerSource containers = new ContainerSource(
                all, cgroups, HOST, files, TestSupport.malformed(), new io.kubemon.agent.host.EventLog(), schedstats);
        ProcessSource processes = new ProcessSource(all, HOST, files, TestSupport.malformed(), schedstats);

        ContainerInfo found = discovery.containers().stream()
                .filter(c -> c.id().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(found.runtime()).isEqualTo("containerd");
        assertThat(found.podUid()).isEqualTo(uid);
        assertThat(found.qos()).isEqualTo("besteffort");
        assertThat(found.group()).isEqualTo(group);

        List<Sample> rows = new ArrayList<>();
        for (int t = 1; t <= 2; t++) {
            rows.clear();
            Tick tick = new Tick(1_764_000_000_000L + t * 1000L, System.nanoTime(), "test-node");
            containers.sample(tick, rows::add);
            processes.sample(tick, rows::add);
            Thread.sleep(200);
        }
        Sample row = rows.stream()
                .filter(s ->
                        s.table().equals("container") && id.equals(s.values().get("container_id")))
                .findFirst()
                .orElseThrow();
        long fileUsage =
                Long.parseLong(Files.readString(Path.of("/sys/fs/cgroup/memory" + group, "memory.usage_in_bytes"))
                        .trim());
        long rowUsage = ((Number) row.values().get("memory_usage_bytes")).longValue();
        assertThat(rowUsage)
                .as("memory usage against the group's own file")
                .isPositive()
                .isBetween(fileUsage / 2, fileUsage * 2);
        assertThat(row.values())
                .containsEntry("runtime", "containerd")
                .containsEntry("processes", 1)
                .containsEntry("qos_class", "besteffort")
                .containsEntry("pod_uid", uid);
        assertThat(row.values().get("cpu_usage_seconds")).isNotNull();
        final int taskPid = pid;
        assertThat(rows)
                .filteredOn(
                        s -> s.table().equals("process") && id.equals(s.values().get("container_id")))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.values().get("pid")).isEqualTo(taskPid);
                    assertThat(s.values().get("command")).isEqualTo("sleep 1000");
                });
        files.close();
    }
}
