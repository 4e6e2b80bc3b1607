package io.kubemon.agent.container;

import java.util.Map;

/** The labels the kubelet (dockershim, cri-dockerd) puts on the containers it creates. */
final class KubeletLabels {
    static final String POD_NAME = "io.kubernetes.pod.name";
    static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    static final String POD_UID = "io.kubernetes.pod.uid";
    static final String CONTAINER_NAME = "io.kubernetes.container.name";
    static final String DOCKER_TYPE = "io.kubernetes.docker.type";

    private KubeletLabels() {}

    /** Pod sandboxes ("pause" containers) hold the pod's namespaces and do no work of their own. */
    static boolean isSandbox(Map<String, String> labels) {
        return "podsandbox".equals(labels.get(DOCKER_TYPE)) || "POD".equals(labels.get(CONTAINER_NAME));
    }
}
