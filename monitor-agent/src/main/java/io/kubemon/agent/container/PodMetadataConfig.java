package io.kubemon.agent.container;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubemon.agent.config.NodeName;
import io.kubemon.agent.host.EventLog;
import io.kubemon.agent.host.Notices;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PodMetadataConfig {

    /**
     * {@code kubemon.agent.kubernetes.enabled}: {@code auto} (the default) uses the API when the
     * agent runs in a pod (KUBERNETES_SERVICE_HOST is set), {@code true} always (kubeconfig or
     * in-cluster), {@code false} never: containers are then named by id.
     */
    @Bean(destroyMethod = "")
    PodMetadata podMetadata(
            @Value("${kubemon.agent.kubernetes.enabled:auto}") String enabled,
            NodeName node,
            Notices notices,
            EventLog events) {
        boolean use = switch (enabled) {
            case "true" -> true;
            case "false" -> false;
            default -> System.getenv("KUBERNETES_SERVICE_HOST") != null;
        };
        if (!use) {
            return (podUid, containerId) -> PodMetadata.Names.NONE;
        }
        return new KubernetesPodMetadata(new KubernetesClientBuilder().build(), node.value(), notices, events);
    }
}
