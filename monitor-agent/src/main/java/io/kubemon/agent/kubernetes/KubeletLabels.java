package io.kubemon.agent.kubernetes;

import java.util.Map;

/** The labels the kubelet (dockershim, cri-dockerd) puts on the containers it creates. */
public final class KubeletLabels {
    public static final String POD_NAME = "io.kubernetes.pod.name";
    public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    public static final String POD_UID = "io.kubernetes.pod.uid";
    public static final String CONTAINER_NAME = "io.kubernetes.container.name";
    public static final String DOCKER_TYPE = "io.kubernetes.docker.type";

    private KubeletLabels() {}

    /** Pod sandboxes ("pause" containers) hold the pod's namespaces and do no work of their own. */
    public static boolean isSandbox(Map<String, String> labels) {
        return "podsandbox".equals(labels.get(DOCKER_TYPE)) || "POD".equals(labels.get(CONTAINER_NAME));
    }
}
