package io.kubemon.agent.kubernetes;

import io.kubemon.agent.config.NodeName;
import io.kubemon.agent.host.EventLog;
import io.kubemon.agent.host.Notices;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class PodMetadataConfig {

    /**
     * {@code kubemon.agent.kubernetes.enabled}: {@code auto} (the default) uses the API when the
     * agent runs in a pod (KUBERNETES_SERVICE_HOST is set), when {@code api-url} is set, or when a
     * kubeconfig is found; {@code true} always; {@code false} never: containers are then named by id.
     * Which API: {@code api-url} with the service account's files, else the pod's own, else the
     * kubeconfig's current context ({@code kubemon.agent.kubernetes.kubeconfig}, else KUBECONFIG's
     * first file, else ~/.kube/config), as kubectl would.
     */
    @Bean(destroyMethod = "close")
    PodMetadata podMetadata(
            @Value("${kubemon.agent.kubernetes.enabled:auto}") String enabled,
            @Value("${kubemon.agent.kubernetes.api-url:}") String apiUrl,
            @Value("${kubemon.agent.kubernetes.service-account-dir:" + KubeApi.SERVICE_ACCOUNT + "}")
                    String serviceAccount,
            @Value("${kubemon.agent.kubernetes.kubeconfig:}") String kubeconfig,
            NodeName node,
            Notices notices,
            EventLog events,
            JsonMapper json) {
        Map<String, String> env = System.getenv();
        boolean inPod = env.get("KUBERNETES_SERVICE_HOST") != null;
        Path config = apiUrl.isBlank() && !inPod && !"false".equals(enabled)
                ? Kubeconfig.locate(kubeconfig, env, System.getProperty("user.home"))
                : null;
        boolean use = switch (enabled) {
            case "true" -> true;
            case "false" -> false;
            default -> inPod || !apiUrl.isBlank() || config != null;
        };
        if (!use) {
            return PodMetadata.NONE;
        }
        KubeApi api;
        try {
            api = config == null
                    ? KubeApi.of(apiUrl, Path.of(serviceAccount), env)
                    : KubeApi.of(Kubeconfig.read(config));
        } catch (IllegalArgumentException e) {
            String notice = KubernetesPodMetadata.NOTICE + e.getMessage() + "; containers are named by id";
            if (notices.add(notice)) {
                LoggerFactory.getLogger(PodMetadataConfig.class).warn(notice);
            }
            return PodMetadata.NONE;
        }
        return new KubernetesPodMetadata(api, json, node.value(), notices, events);
    }
}
