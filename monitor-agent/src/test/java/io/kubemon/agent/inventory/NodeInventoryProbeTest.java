package io.kubemon.agent.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.agent.cgroup.CgroupFs;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.common.wire.NodeInventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The inventory of this very host, against what its own files say. */
class NodeInventoryProbeTest {
    private static final HostPaths HOST = new HostPaths(Path.of("/proc"), Path.of("/sys"), Path.of("/sys/fs/cgroup"));

    @Test
    void thisHostsInventory() throws Exception {
        NodeInventory n = new NodeInventoryProbe(HOST, new CgroupFs(HOST), new ProcFiles()).probe("docker", "20.10.24");
        String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        assertThat(n.cpuModel()).isNotBlank();
        assertThat(cpuinfo).contains(n.cpuModel().split("\\s+")[0]);
        assertThat(n.threads()).isEqualTo((int)
                cpuinfo.lines().filter(l -> l.startsWith("processor")).count());
        assertThat(n.cores()).isBetween(1, n.threads());
        assertThat(n.sockets()).isBetween(1, n.cores());
        long memTotalKib = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .findFirst()
                .orElseThrow();
        assertThat(n.memoryBytes()).isEqualTo(memTotalKib * 1024);
        assertThat(n.kernel())
                .isEqualTo(
                        Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());
        // This host's own os-release, read through a root of the host's (pid 1's, or an ancestor's).
        assertThat(n.os()).isEqualTo(NodeInventoryProbe.prettyName(Files.readString(Path.of("/etc/os-release"))));
        assertThat(Instant.parse(n.bootTime())).isBefore(Instant.now());
        assertThat(n.cgroupVersion())
                .isEqualTo(
                        Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))
                                ? "2"
                                : Files.exists(Path.of("/sys/fs/cgroup/unified/cgroup.controllers")) ? "1+2" : "1");
        assertThat(n.containerRuntime()).isEqualTo("docker");
        assertThat(n.containerRuntimeVersion()).isEqualTo("20.10.24");
    }

    @Test
    void osReleaseAndBootTimeParsers() {
        assertThat(NodeInventoryProbe.prettyName(
                        "NAME=\"Debian\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n"))
                .isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(NodeInventoryProbe.prettyName("ID=alpine\n")).isNull();
        // A command with spaces and parentheses of its own: the state and parent follow the last ')'.
        assertThat(NodeInventoryProbe.parentPid("4242 (java (main) x) S 977 4242 1 0 -1"))
                .isEqualTo("977");
        assertThat(NodeInventoryProbe.parentPid("garbage")).isNull();
        assertThat(NodeInventoryProbe.bootTime("cpu  1 2 3\nbtime 1764000000\nprocesses 5\n"))
                .isEqualTo("2025-11-24T16:00:00Z");
    }
}
