package io.kubemon.agent.container;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * All containers of this node, merged from every discovery by container id; a runtime that knows
 * a container's name (Docker) wins over the bare cgroup view of the same container.
 */
@Component
public class Containers {
    private final List<ContainerDiscovery> discoveries;

    public Containers(List<ContainerDiscovery> discoveries) {
        // Docker first: its metadata is richer than the cgroup tree's.
        List<ContainerDiscovery> ordered = new ArrayList<>(discoveries);
        ordered.sort((a, b) -> Boolean.compare(!(a instanceof DockerDiscovery), !(b instanceof DockerDiscovery)));
        this.discoveries = List.copyOf(ordered);
    }

    public Collection<ContainerInfo> current() {
        Map<String, ContainerInfo> all = new LinkedHashMap<>();
        for (ContainerDiscovery d : discoveries) {
            for (ContainerInfo c : d.containers()) {
                all.putIfAbsent(c.id(), c);
            }
        }
        return all.values();
    }
}
