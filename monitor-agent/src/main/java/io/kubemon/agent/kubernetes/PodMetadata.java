package io.kubemon.agent.kubernetes;

/**
 * Names for containers found in the cgroup tree: pod, namespace and container name by pod UID
 * and container id. The default knows nothing (rows are then named by container id); the
 * Kubernetes implementation watches the pods of this node.
 */
public interface PodMetadata extends AutoCloseable {
    /** Knows no names. */
    PodMetadata NONE = (podUid, containerId) -> Names.NONE;

    record Names(String pod, String namespace, String container, String image) {
        public static final Names NONE = new Names(null, null, null, null);
    }

    Names lookup(String podUid, String containerId);

    @Override
    default void close() {}
}
