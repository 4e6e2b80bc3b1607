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

    /**
     * What this discovery's runtime said of a container's start and exit (their own instants, the
     * exit code), or null when it says nothing (the cgroup tree alone): the container's events then
     * take the tick's time and no exit code.
     */
    default Lifecycle lifecycle(String id) {
        return null;
    }

    /**
     * @param startedAtMs when it started, or null
     * @param exitedAtMs  when it last exited (a restarted container's previous life, while it runs
     *                    again), or null
     * @param exitCode    the exit code of that exit, or null
     */
    record Lifecycle(Long startedAtMs, Long exitedAtMs, Integer exitCode) {}
}
