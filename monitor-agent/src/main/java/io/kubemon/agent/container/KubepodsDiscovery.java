package io.kubemon.agent.container;

import io.kubemon.agent.cgroup.CgroupFs;
import io.kubemon.agent.cgroup.CgroupReader;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.kubernetes.PodMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Containers of any CRI runtime (containerd, CRI-O, cri-dockerd) found in the kubelet's cgroup
 * tree itself, so nodes without a Docker socket are monitored too. Pod UID and container id come
 * from the path; names come from {@link PodMetadata} where the Kubernetes API is reachable, and
 * otherwise the container is named by its short id.
 */
@Component
@ConditionalOnProperty(prefix = "kubemon.agent", name = "kubelet-cgroups", havingValue = "true", matchIfMissing = true)
public class KubepodsDiscovery implements ContainerDiscovery {
    /** Deep enough for kubepods.slice/kubepods-burstable.slice/...pod.slice/...scope. */
    private static final int MAX_DEPTH = 4;

    private final CgroupFs fs;
    private final CgroupReader cgroups;
    private final HostPaths paths;
    private final ProcFiles files;
    private final PodMetadata metadata;
    /** Sandbox verdicts by container id: a pause container stays one, so its cmdline is read once. */
    private final Map<String, Boolean> sandbox = new HashMap<>();

    private static final long ABSENT_RECHECK_NANOS = 10_000_000_000L;
    private List<Path> roots;
    private long rootsCheckedAt;

    public KubepodsDiscovery(
            CgroupFs fs, CgroupReader cgroups, HostPaths paths, ProcFiles files, PodMetadata metadata) {
        this.fs = fs;
        this.cgroups = cgroups;
        this.paths = paths;
        this.files = files;
        this.metadata = metadata;
    }

    @Override
    public synchronized Collection<ContainerInfo> containers() {
        Path root = fs.dir(fs.version() == 2 ? "" : "memory", "/");
        Map<String, ContainerInfo> found = new HashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<Path> groups = new java.util.ArrayList<>();
        for (Path base : kubepodsRoots(root)) {
            groups.add(base);
            groupsBelow(base, MAX_DEPTH, groups);
        }
        for (Path dir : groups) {
            String group = "/" + root.relativize(dir).toString().replace('\\', '/');
            KubepodsLayout.Parsed p = KubepodsLayout.parse(group);
            if (p != null && seen.add(p.containerId()) && !isSandbox(p.containerId(), group)) {
                found.put(p.containerId(), info(p, group));
            }
        }
        sandbox.keySet().retainAll(seen);
        return found.values();
    }

    /**
     * The child groups of {@code dir}, {@code depth} levels down. Runs every tick, so it stats only
     * names that can be groups: the kubelet's and runtimes' groups end in ".slice" or ".scope"
     * (systemd driver) or have no dot at all (cgroupfs driver: "burstable", "pod&lt;uid&gt;", the
     * container id), while the dozens of interface files in every group ("cpu.stat",
     * "memory.current") all have one. {@code Files.walk} stat'ed every one of them.
     */
    private static void groupsBelow(Path dir, int depth, List<Path> out) {
        if (depth == 0) {
            return;
        }
        try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean candidate = name.indexOf('.') < 0 || name.endsWith(".slice") || name.endsWith(".scope");
                if (candidate && Files.isDirectory(entry)) {
                    out.add(entry);
                    groupsBelow(entry, depth - 1, out);
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            // A pod was deleted while we walked; the next tick sees the tree as it is then.
        }
    }

    /**
     * The kubelet's top groups that exist. On a node without a kubelet (or before it started)
     * the answer is remembered for {@link #ABSENT_RECHECK_NANOS} instead of costing two stats a
     * tick (the profile showed them as 7 % of the agent's CPU on a plain Docker host).
     */
    private List<Path> kubepodsRoots(Path root) {
        long now = System.nanoTime();
        if (roots != null && (!roots.isEmpty() || now - rootsCheckedAt < ABSENT_RECHECK_NANOS)) {
            return roots;
        }
        List<Path> found = new java.util.ArrayList<>(2);
        for (String top : List.of("kubepods", "kubepods.slice")) {
            Path base = root.resolve(top);
            if (Files.isDirectory(base)) {
                found.add(base);
            }
        }
        roots = List.copyOf(found);
        rootsCheckedAt = now;
        return roots;
    }

    private ContainerInfo info(KubepodsLayout.Parsed p, String group) {
        PodMetadata.Names names = metadata.lookup(p.podUid(), p.containerId());
        String shortId = p.containerId().substring(0, 12);
        return new ContainerInfo(
                p.containerId(),
                names.container() != null ? names.container() : shortId,
                names.image(),
                names.pod(),
                names.namespace(),
                names.container(),
                p.podUid(),
                p.runtime(),
                group,
                p.qos());
    }

    /** The pod sandbox runs only /pause; it holds namespaces and does no work of its own. */
    private boolean isSandbox(String id, String group) {
        Boolean known = sandbox.get(id);
        if (known != null) {
            return known;
        }
        List<Integer> pids = cgroups.processes(group);
        if (pids.isEmpty()) {
            return true; // no process yet (or any more): nothing to read, decide next time
        }
        String cmd = files.readOnce(paths.proc(Integer.toString(pids.get(0)), "cmdline"))
                .orElse("");
        int nul = cmd.indexOf('\0');
        String argv0 = nul >= 0 ? cmd.substring(0, nul) : cmd;
        boolean pause = argv0.equals("/pause") || argv0.endsWith("/pause");
        sandbox.put(id, pause);
        return pause;
    }
}
