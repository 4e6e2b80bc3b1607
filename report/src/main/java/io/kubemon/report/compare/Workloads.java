package io.kubemon.report.compare;

import java.util.regex.Pattern;

/**
 * What a container is across runs: its workload, not its instance. A pod's name changes from run
 * to run (a Deployment's {@code web-7d9f8c6b5-x2kqz}, a Job's {@code load-9sd2x}); its owner's
 * name does not. Kubernetes: {@code namespace/owner/container}; Docker: the container's name.
 */
public final class Workloads {
    /*
     * Kubernetes makes its generated suffixes from this alphabet (apimachinery's rand.String: no
     * vowels, no 0, 1, 3), five characters for a pod, and a ReplicaSet's template hash in up to ten:
     * a name part made of it is a hash, one with a vowel is the user's.
     */
    private static final String SAFE = "[bcdfghjklmnpqrstvwxz2456789]";
    private static final Pattern REPLICA_SET_POD = Pattern.compile("-" + SAFE + "{6,10}-" + SAFE + "{5}$");
    private static final Pattern GENERATED_POD = Pattern.compile("-" + SAFE + "{5}$");

    private Workloads() {}

    /**
     * The name of the pod's owner: a Deployment's pod without its ReplicaSet hash and pod suffix, a
     * DaemonSet's or Job's without its suffix; a StatefulSet's pod ({@code db-0}) keeps its name,
     * which is its identity.
     */
    public static String owner(String pod) {
        if (pod == null || pod.isEmpty()) {
            return "";
        }
        String withoutReplicaSet = REPLICA_SET_POD.matcher(pod).replaceFirst("");
        if (!withoutReplicaSet.equals(pod)) {
            return withoutReplicaSet;
        }
        return GENERATED_POD.matcher(pod).replaceFirst("");
    }

    /**
     * A container's workload name: {@code namespace/owner/container} for a pod's container
     * ({@code kubeContainer}, else the runtime's name), else the runtime's container name.
     */
    public static String container(String namespace, String pod, String kubeContainer, String containerName) {
        if (pod != null && !pod.isEmpty()) {
            String c = kubeContainer != null && !kubeContainer.isEmpty() ? kubeContainer : nonNull(containerName);
            return nonNull(namespace) + "/" + owner(pod) + "/" + c;
        }
        return nonNull(containerName);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
