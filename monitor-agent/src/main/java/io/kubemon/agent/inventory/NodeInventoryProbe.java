package io.kubemon.agent.inventory;

import io.kubemon.agent.cgroup.CgroupFs;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.common.wire.NodeInventory;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.util.GlobalConfig;

/**
 * The node's inventory, read once per registration. OSHI gives the processor (model, sockets,
 * cores, threads), the memory and the kernel: all host-wide even inside a container, since
 * /proc/cpuinfo, /proc/meminfo and sysfs's CPU topology are not namespaced. The operating system
 * is the host's, from its os-release through {@code <proc>/1/root} (OSHI would read the agent
 * image's own), and the boot time is the host's {@code btime} from {@code <proc>/stat}.
 */
@Component
public class NodeInventoryProbe {
    private static final Logger log = LoggerFactory.getLogger(NodeInventoryProbe.class);

    static {
        // No field read here comes through udev (CPU, memory and kernel are sysfs and /proc), and
        // the agent's image has no libudev: OSHI would warn of it at every start.
        GlobalConfig.set(GlobalConfig.OSHI_OS_LINUX_ALLOWUDEV, false);
    }

    private final HostPaths paths;
    private final CgroupFs cgroups;
    private final ProcFiles files;

    public NodeInventoryProbe(HostPaths paths, CgroupFs cgroups, ProcFiles files) {
        this.paths = paths;
        this.cgroups = cgroups;
        this.files = files;
    }

    /** The inventory, with the container runtime and its version as discovery knows them (may be null). */
    public NodeInventory probe(String runtime, String runtimeVersion) {
        SystemInfo si = new SystemInfo();
        CentralProcessor cpu = quietly(si.getHardware()::getProcessor);
        String model =
                cpu == null ? null : cpu.getProcessorIdentifier().getName().trim();
        Integer sockets = cpu == null ? null : cpu.getPhysicalPackageCount();
        Integer cores = cpu == null ? null : cpu.getPhysicalProcessorCount();
        Integer threads = cpu == null ? null : cpu.getLogicalProcessorCount();
        Long memory = quietly(() -> si.getHardware().getMemory().getTotal());
        // The kernel's release (uname -r) as the host's /proc has it; OSHI's operating system reads
        // /etc/os-release of wherever the agent runs first, which the agent's image does not have.
        String kernel = files.readOnce(paths.proc("sys", "kernel", "osrelease"))
                .map(String::strip)
                .filter(k -> !k.isEmpty())
                .orElseGet(() ->
                        quietly(() -> si.getOperatingSystem().getVersionInfo().getBuildNumber()));
        String os = hostOsRelease();
        if (os == null) {
            os = quietly(() -> si.getOperatingSystem().toString());
        }
        String boot = files.readOnce(paths.proc("stat"))
                .map(NodeInventoryProbe::bootTime)
                .orElse(null);
        String cgroup = cgroups.version() == 2
                ? "2"
                : Files.exists(cgroups.root().resolve("unified").resolve("cgroup.controllers")) ? "1+2" : "1";
        return new NodeInventory(
                model, sockets, cores, threads, memory, kernel, os, runtime, runtimeVersion, cgroup, boot);
    }

    /**
     * The host's os-release PRETTY_NAME: through the root of pid 1, or where that is refused (a VM
     * whose init is guarded), of the agent's nearest ancestor outside its container: in a pod or a
     * container the runtime's shim, whose root is the host's; on the host, the shell that started it.
     */
    private String hostOsRelease() {
        List<String> pids = new ArrayList<>(List.of("1"));
        String pid = files.readOnce(paths.proc("self", "stat"))
                .map(NodeInventoryProbe::parentPid)
                .orElse(null);
        for (int depth = 0; pid != null && !pid.equals("0") && !pid.equals("1") && depth < 8; depth++) {
            pids.add(pid);
            pid = files.readOnce(paths.proc(pid, "stat"))
                    .map(NodeInventoryProbe::parentPid)
                    .orElse(null);
        }
        for (String p : pids) {
            for (String file : List.of("etc/os-release", "usr/lib/os-release")) {
                String name = files.readOnce(paths.proc(p, ("root/" + file).split("/")))
                        .map(NodeInventoryProbe::prettyName)
                        .orElse(null);
                if (name != null) {
                    return name;
                }
            }
        }
        return null;
    }

    /** The parent's pid from a /proc/<pid>/stat line (the field after the state, past the command's ')'). */
    static String parentPid(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return null;
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        return f.length > 1 ? f[1] : null;
    }

    private static <T> T quietly(Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException | LinkageError e) {
            log.debug("node inventory: {}", e.toString());
            return null; // an unknown field, not a failed registration
        }
    }

    /** PRETTY_NAME of an os-release file, unquoted. */
    static String prettyName(String osRelease) {
        for (String line : osRelease.split("\n")) {
            if (line.startsWith("PRETTY_NAME=")) {
                return line.substring(12).replaceAll("^\"|\"$", "");
            }
        }
        return null;
    }

    /** The btime line of /proc/stat as an ISO-8601 instant. */
    static String bootTime(String procStat) {
        for (String line : procStat.split("\n")) {
            if (line.startsWith("btime ")) {
                return Instant.ofEpochSecond(Long.parseLong(line.substring(6).trim()))
                        .toString();
            }
        }
        return null;
    }
}
