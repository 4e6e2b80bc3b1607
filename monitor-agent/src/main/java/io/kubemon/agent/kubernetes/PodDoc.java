package io.kubemon.agent.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The fields of a Kubernetes pod the agent uses, as the API serves them (JSON). Everything else
 * a pod carries (spec, labels, managed fields, conditions) is skipped while parsing: only these
 * are ever held, for each pod of the node.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record PodDoc(Meta metadata, Spec spec, Status status) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Meta(String name, String namespace, String uid, String resourceVersion) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Spec(String nodeName) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(
            String phase,
            String reason,
            String message,
            List<ContainerStatus> containerStatuses,
            List<ContainerStatus> initContainerStatuses,
            List<ContainerStatus> ephemeralContainerStatuses) {

        /** Every container the status lists: init, app and ephemeral. */
        List<ContainerStatus> all() {
            return java.util.stream.Stream.of(initContainerStatuses, containerStatuses, ephemeralContainerStatuses)
                    .filter(java.util.Objects::nonNull)
                    .flatMap(List::stream)
                    .toList();
        }
    }

    /** {@code containerID} is "containerd://abc", "cri-o://abc" or "docker://abc". */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ContainerStatus(String name, String image, String containerID) {}

    /** A pod list's answer: the pods and the resource version to watch from. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PodList(ListMeta metadata, List<PodDoc> items) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ListMeta(String resourceVersion) {}

    String name() {
        return metadata == null ? null : metadata.name();
    }

    String namespace() {
        return metadata == null ? null : metadata.namespace();
    }

    String uid() {
        return metadata == null ? null : metadata.uid();
    }

    String phase() {
        return status == null || status.phase() == null ? "unknown" : status.phase();
    }

    String reason() {
        return status == null ? null : status.reason();
    }

    String message() {
        return status == null ? null : status.message();
    }

    String nodeName() {
        return spec == null ? null : spec.nodeName();
    }
}
