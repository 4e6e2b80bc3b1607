package io.kubemon.agent.container;

import java.util.Collection;

/**
 * One way of finding containers (a runtime's API, the cgroup tree). Adapters add metadata only;
 * they never produce numbers.
 */
public interface ContainerDiscovery {

    /** The containers running now, as last known; cheap, called every tick. */
    Collection<ContainerInfo> containers();

    /**
     * Where this discovery stands when two find the same container: the lower first, and its
     * metadata wins. A runtime's own API (names, images, labels) comes before what the cgroup
     * tree alone can tell.
     */
    default int precedence() {
        return 100;
    }
}
