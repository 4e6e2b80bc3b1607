package io.kubemon.agent.container;

/**
 * A running container as discovery sees it: identity and metadata only. The numbers always come
 * from its cgroup through the shared {@link io.kubemon.agent.cgroup.CgroupReader}.
 *
 * @param runtime docker, containerd, cri-o, or cgroup (found in the kubepods tree, runtime not named)
 * @param group   cgroup path of the container below the hierarchy root (the host's view)
 * @param qos     the pod's QoS class where the kubelet's tree tells it (guaranteed, burstable, besteffort)
 */
public record ContainerInfo(
        String id,
        String name,
        String image,
        String pod,
        String namespace,
        String kubeContainer,
        String podUid,
        String runtime,
        String group,
        String qos) {

    /** The file the container's rows go to: stable across restarts of the same Kubernetes container. */
    public String source() {
        if (pod != null && namespace != null) {
            return namespace + "_" + pod + "_" + (kubeContainer != null ? kubeContainer : name);
        }
        return name != null ? name : id.substring(0, Math.min(12, id.length()));
    }

    /**
     * This container's view, with what it lacks taken from another discovery's view of the same
     * container: Docker knows names and image, the kubelet's tree the pod uid and QoS class.
     */
    public ContainerInfo fillFrom(ContainerInfo other) {
        return new ContainerInfo(
                id,
                or(name, other.name),
                or(image, other.image),
                or(pod, other.pod),
                or(namespace, other.namespace),
                or(kubeContainer, other.kubeContainer),
                or(podUid, other.podUid),
                runtime,
                group,
                or(qos, other.qos));
    }

    private static String or(String mine, String theirs) {
        return mine != null ? mine : theirs;
    }

    /** The label columns the container and process tables share. */
    public void putLabels(java.util.Map<String, Object> values) {
        values.put("container_id", id);
        values.put("container_name", name);
        values.put("image", image);
        values.put("pod", pod);
        values.put("namespace", namespace);
        values.put("kube_container", kubeContainer);
        values.put("pod_uid", podUid);
        values.put("qos_class", qos);
    }
}
