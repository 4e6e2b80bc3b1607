/**
 * The Kubernetes API as the agent uses it: pod names and owners for the containers it finds
 * ({@link io.kubemon.agent.kubernetes.PodMetadata}, watched through {@code KubeApi}), the pods' own
 * events, and the kubelet's container labels.
 *
 * <p>May use config and host. See docs/architecture.md.
 */
package io.kubemon.agent.kubernetes;
