package io.kubemon.agent.kubernetes;

import io.kubemon.agent.config.NodeName;
import io.kubemon.agent.host.EventLog;
import io.kubemon.agent.host.Notices;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class PodMetadataConfig {

    /**
     * {@code kubemon.agent.kubernetes.enabled}: {@code auto} (the default) uses the API when the
     * agent runs in a pod (KUBERNETES_SERVICE_HOST is set), {@code true} always (the pod's API, or
     * {@code kubemon.agent.kubernetes.api-url}), {@code false} never: containers are then named by id.
     */
    @Bean(destroyMethod = "close")
    PodMetadata podMetadata(
            @Value("${kubemon.agent.kubernetes.enabled:auto}") String enabled,
            @Value("${kubemon.agent.kubernetes.api-url:}") String apiUrl,
            @Value("${kubemon.agent.kubernetes.service-account-dir:" + KubeApi.SERVICE_ACCOUNT + "}")
                    String serviceAccount,
            NodeName node,
            Notices notices,
            EventLog events,
            JsonMapper json) {
        boolean use = switch (enabled) {
            case "true" -> true;
            case "false" -> false;
            default -> System.getenv("KUBERNETES_SERVICE_HOST") != null || !apiUrl.isBlank();
        };
        if (!use) {
            return PodMetadata.NONE;
        }
        KubeApi api;
        try {
            api = KubeApi.of(apiUrl, Path.of(serviceAccount), System.getenv());
        } catch (IllegalArgumentException e) {
            notices.add(KubernetesPodMetadata.NOTICE + e.getMessage() + "; containers are named by id");
            return PodMetadata.NONE;
        }
        return new KubernetesPodMetadata(api, json, node.value(), notices, events);
    }
}
