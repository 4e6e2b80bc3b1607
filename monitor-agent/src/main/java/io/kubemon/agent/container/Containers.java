package io.kubemon.agent.container;

import io.kubemon.agent.cgroup.CgroupReader;
import io.kubemon.agent.sampling.Tick;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * All containers of this node, merged from every discovery by container id; a runtime that knows
 * a container's name (Docker) wins over the bare cgroup view of the same container, which adds
 * what only it knows (the pod uid and QoS class from the kubelet's tree).
 *
 * <p>The container and process tables both need the containers of a tick and the processes in
 * each: they are listed once per tick and shared, so the cgroup tree is walked and every
 * cgroup.procs read once, and both tables see the same processes at the same instant.
 */
@Component
public class Containers {
    private final List<ContainerDiscovery> discoveries;
    private final CgroupReader cgroups;
    /** The grid instant of the tick listed last (each source of a tick gets its own Tick, with its own read time). */
    private long listedAt = Long.MIN_VALUE;

    private List<Running> listed = List.of();

    /** A container with processes at this tick: every pid in its cgroup subtree. */
    public record Running(ContainerInfo info, List<Integer> pids) {}

    public Containers(List<ContainerDiscovery> discoveries, CgroupReader cgroups) {
        // In their declared order: the richer metadata first.
        List<ContainerDiscovery> ordered = new ArrayList<>(discoveries);
        ordered.sort(java.util.Comparator.comparingInt(ContainerDiscovery::precedence));
        this.discoveries = List.copyOf(ordered);
        this.cgroups = cgroups;
    }

    /** The containers running at this tick; listed on the first call of the tick, then shared. */
    public synchronized List<Running> running(Tick tick) {
        if (tick.timestamp() == listedAt) {
            return listed;
        }
        Map<String, ContainerInfo> all = new LinkedHashMap<>();
        for (ContainerDiscovery d : discoveries) {
            for (ContainerInfo c : d.containers()) {
                all.merge(c.id(), c, ContainerInfo::fillFrom);
            }
        }
        List<Running> running = new ArrayList<>(all.size());
        for (ContainerInfo c : all.values()) {
            List<Integer> pids = cgroups.processes(c.group());
            // No process (or no group any more): it exited since discovery saw it, and an event or
            // the next walk removes it. Nothing in it to measure meanwhile.
            if (!pids.isEmpty()) {
                running.add(new Running(c, pids));
            }
        }
        listed = List.copyOf(running);
        listedAt = tick.timestamp();
        return listed;
    }

    /** What the runtimes say of a container's start and exit, the first that says anything; or null. */
    public ContainerDiscovery.Lifecycle lifecycle(String id) {
        for (ContainerDiscovery d : discoveries) {
            ContainerDiscovery.Lifecycle l = d.lifecycle(id);
            if (l != null) {
                return l;
            }
        }
        return null;
    }
}
