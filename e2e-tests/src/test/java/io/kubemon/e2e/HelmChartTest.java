package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart through a real Helm (helm-java embeds it): lint, then template with default and
 * non-default values, and the rendered objects parsed with fabric8's Kubernetes model and checked.
 */
class HelmChartTest {
    private static final Path CHART =
            Path.of("..", "helm", "kubemon").toAbsolutePath().normalize();

    private static List<HasMetadata> render(Map<String, String> values) {
        TemplateCommand template = new Helm(CHART).template().withName("lab").withNamespace("monitoring");
        values.forEach(template::set);
        String yaml = template.call();
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.lines().anyMatch(l -> l.startsWith("kind:"))) {
                objects.add(Serialization.unmarshal(doc, HasMetadata.class));
            }
        }
        return objects;
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
        List<T> found =
                objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static EnvVar env(Container c, String name) {
        return c.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in " + c.getName()));
    }

    private static VolumeMount mount(Container c, String path) {
        return c.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + path));
    }

    private static Volume volume(PodSpec spec, String name) {
        return spec.getVolumes().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void lintPasses() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed())
                .as(String.join("\n", result.getMessages()))
                .isFalse();
    }

    @Test
    void defaultValuesRenderAHostReadingAgentPointedAtTheCollector() throws Exception {
        List<HasMetadata> objects = render(Map.of());
        DaemonSet ds = one(objects, DaemonSet.class);
        PodSpec agentPod = ds.getSpec().getTemplate().getSpec();
        Container agent = agentPod.getContainers().get(0);
        assertThat(agentPod.getHostPID()).isTrue();
        assertThat(agentPod.getTolerations())
                .anySatisfy(t -> assertThat(t.getOperator()).isEqualTo("Exists"));
        assertThat(volume(agentPod, mount(agent, "/host/proc").getName())
                        .getHostPath()
                        .getPath())
                .isEqualTo("/proc");
        assertThat(volume(agentPod, mount(agent, "/host/sys").getName())
                        .getHostPath()
                        .getPath())
                .isEqualTo("/sys");
        assertThat(mount(agent, "/host/proc").getReadOnly()).isTrue();
        assertThat(mount(agent, "/host/sys").getReadOnly()).isTrue();
        assertThat(agentPod.getVolumes())
                .noneMatch(v ->
                        v.getHostPath() != null && v.getHostPath().getPath().endsWith("docker.sock"));
        assertThat(agent.getSecurityContext().getPrivileged()).isFalse();
        assertThat(agent.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(agent.getSecurityContext().getCapabilities().getAdd())
                .containsExactly("SYS_PTRACE", "DAC_READ_SEARCH");
        assertThat(agent.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(agent.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(agent.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(agent.getResources().getLimits()).containsKey("memory");
        assertThat(env(agent, "KUBEMON_AGENT_NODE_NAME")
                        .getValueFrom()
                        .getFieldRef()
                        .getFieldPath())
                .isEqualTo("spec.nodeName");
        assertThat(env(agent, "KUBEMON_AGENT_PROC_ROOT").getValue()).isEqualTo("/host/proc");
        assertThat(env(agent, "KUBEMON_AGENT_SYS_ROOT").getValue()).isEqualTo("/host/sys");
        assertThat(env(agent, "KUBEMON_AGENT_MAX_QUEUED_BATCHES").getValue())
                .as("the chart's memory queue is the agent's own default")
                .isEqualTo(io.kubemon.testsupport.DocumentedDefaults.shipped(
                                Path.of("../monitor-agent/src/main/resources/application.properties"),
                                "kubemon.agent.max-queued-batches")
                        .get("kubemon.agent.max-queued-batches"));

        // The agent is pointed at the collector's Service, on its port.
        Service svc = objects.stream()
                .filter(Service.class::isInstance)
                .map(Service.class::cast)
                .filter(x -> !"None".equals(x.getSpec().getClusterIP()))
                .findFirst()
                .orElseThrow();
        int port = svc.getSpec().getPorts().get(0).getPort();
        assertThat(env(agent, "KUBEMON_AGENT_COLLECTOR_URL").getValue())
                .isEqualTo("http://" + svc.getMetadata().getName() + ":" + port);
        StatefulSet sts = one(objects, StatefulSet.class);
        assertThat(svc.getSpec().getSelector())
                .isEqualTo(sts.getSpec().getSelector().getMatchLabels());
        Container collector =
                sts.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(collector.getPorts().get(0).getContainerPort()).isEqualTo(8080);
        assertThat(collector.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(collector.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(env(collector, "KUBEMON_COLLECTOR_DATA_DIR").getValue()).isEqualTo("/data");
        assertThat(sts.getSpec().getVolumeClaimTemplates())
                .singleElement()
                .satisfies(pvc -> assertThat(pvc.getMetadata().getName())
                        .isEqualTo(mount(collector, "/data").getName()));
        assertThat(sts.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot())
                .isTrue();

        // One token, from the Secret, in both.
        Secret secret = one(objects, Secret.class);
        String token = new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
        assertThat(token).hasSize(40);
        for (Container c : List.of(agent, collector)) {
            var ref = env(c, "KUBEMON_SECURITY_TOKEN").getValueFrom().getSecretKeyRef();
            assertThat(ref.getName()).isEqualTo(secret.getMetadata().getName());
            assertThat(ref.getKey()).isEqualTo("token");
        }

        // The agents may watch pods, and nothing more.
        ServiceAccount sa = one(objects, ServiceAccount.class);
        assertThat(agentPod.getServiceAccountName()).isEqualTo(sa.getMetadata().getName());
        ClusterRole role = one(objects, ClusterRole.class);
        assertThat(role.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getResources()).containsExactly("pods");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
        });
        ClusterRoleBinding binding = one(objects, ClusterRoleBinding.class);
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo(sa.getMetadata().getName());
            assertThat(s.getNamespace()).isEqualTo("monitoring");
        });
    }

    @Test
    void nonDefaultValues() {
        List<HasMetadata> objects = render(Map.of(
                "agent.docker.enabled", "true",
                "agent.privileged", "true",
                "security.token", "s3cret",
                "collector.persistence.enabled", "false",
                "collector.service.port", "9090"));
        DaemonSet ds = one(objects, DaemonSet.class);
        PodSpec agentPod = ds.getSpec().getTemplate().getSpec();
        Container agent = agentPod.getContainers().get(0);
        assertThat(volume(agentPod, mount(agent, "/host/docker.sock").getName())
                        .getHostPath()
                        .getPath())
                .isEqualTo("/var/run/docker.sock");
        assertThat(env(agent, "KUBEMON_AGENT_DOCKER_HOST").getValue()).isEqualTo("unix:///host/docker.sock");
        assertThat(agent.getSecurityContext().getPrivileged()).isTrue();
        assertThat(env(agent, "KUBEMON_AGENT_COLLECTOR_URL").getValue()).endsWith(":9090");
        Secret secret = one(objects, Secret.class);
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8))
                .isEqualTo("s3cret");
        StatefulSet sts = one(objects, StatefulSet.class);
        assertThat(sts.getSpec().getVolumeClaimTemplates()).isNullOrEmpty();
        assertThat(volume(sts.getSpec().getTemplate().getSpec(), "data").getEmptyDir())
                .isNotNull();

        // An existing Secret: none is rendered, and both services read the named one.
        List<HasMetadata> external = render(Map.of("security.existingSecret", "my-token"));
        assertThat(external).noneMatch(Secret.class::isInstance);
        assertThat(env(
                                one(external, DaemonSet.class)
                                        .getSpec()
                                        .getTemplate()
                                        .getSpec()
                                        .getContainers()
                                        .get(0),
                                "KUBEMON_SECURITY_TOKEN")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getName())
                .isEqualTo("my-token");
    }

    /** The collector's port and its drain and agent timeouts are values, not -D options in javaOptions. */
    @Test
    void theCollectorsPortAndTimeoutsAreValues() {
        StatefulSet defaults = one(render(Map.of()), StatefulSet.class);
        Container c0 =
                defaults.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(env(c0, "KUBEMON_COLLECTOR_DRAIN_TIMEOUT").getValue()).isEqualTo("60s");
        assertThat(env(c0, "KUBEMON_COLLECTOR_AGENT_TIMEOUT").getValue()).isEqualTo("15s");
        assertThat(env(c0, "SERVER_PORT").getValue()).isEqualTo("8080");

        List<HasMetadata> objects = render(Map.of(
                "collector.port", "9443",
                "collector.drainTimeout", "5m",
                "collector.agentTimeout", "45s",
                "collector.replicas", "2"));
        Container c = one(objects, StatefulSet.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(env(c, "KUBEMON_COLLECTOR_DRAIN_TIMEOUT").getValue()).isEqualTo("5m");
        assertThat(env(c, "KUBEMON_COLLECTOR_AGENT_TIMEOUT").getValue()).isEqualTo("45s");
        assertThat(env(c, "SERVER_PORT").getValue()).isEqualTo("9443");
        assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(9443);
        assertThat(env(c, "KUBEMON_COLLECTOR_PEERS").getValue()).contains(".svc:9443");
        assertThat(env(c, "KUBEMON_COLLECTOR_SELF").getValue()).endsWith(".svc:9443");
        assertThat(objects.stream()
                        .filter(io.fabric8.kubernetes.api.model.Service.class::isInstance)
                        .map(io.fabric8.kubernetes.api.model.Service.class::cast)
                        .filter(svc -> "None".equals(svc.getSpec().getClusterIP()))
                        .map(svc -> svc.getSpec().getPorts().get(0).getPort()))
                .containsExactly(9443);
    }

    /** The perf counters switched on: the source, its events and bound, and the capability perf_event_open needs. */
    @Test
    void perfCountersAddTheirCapabilityAndSwitchTheSourceOn() {
        Container off = one(render(Map.of()), DaemonSet.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(off.getSecurityContext().getCapabilities().getAdd()).doesNotContain("PERFMON");
        assertThat(off.getEnv()).noneMatch(e -> e.getName().equals("KUBEMON_AGENT_SOURCES_PERF"));
        Container on = one(
                        render(Map.of("agent.perf.enabled", "true", "agent.perf.events", "task-clock")),
                        DaemonSet.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(on.getSecurityContext().getCapabilities().getAdd())
                .containsExactly("SYS_PTRACE", "DAC_READ_SEARCH", "PERFMON");
        assertThat(env(on, "KUBEMON_AGENT_SOURCES_PERF").getValue()).isEqualTo("true");
        assertThat(env(on, "KUBEMON_AGENT_PERF_EVENTS").getValue()).isEqualTo("task-clock");
        assertThat(env(on, "KUBEMON_AGENT_PERF_MAX_DESCRIPTORS").getValue()).isEqualTo("8192");
    }

    @Test
    void threeCollectorsFormAGroup() {
        List<HasMetadata> objects = render(Map.of("collector.replicas", "3"));
        StatefulSet sts = one(objects, StatefulSet.class);
        assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
        assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        // Per-replica volumes: one claim template, mounted at the data directory.
        Container collector =
                sts.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(sts.getSpec().getVolumeClaimTemplates())
                .singleElement()
                .satisfies(pvc -> assertThat(pvc.getMetadata().getName())
                        .isEqualTo(mount(collector, "/data").getName()));

        // The headless Service governs the StatefulSet and selects its pods, not-ready ones too.
        List<Service> services = objects.stream()
                .filter(Service.class::isInstance)
                .map(Service.class::cast)
                .toList();
        assertThat(services).hasSize(2);
        Service headless = services.stream()
                .filter(x -> "None".equals(x.getSpec().getClusterIP()))
                .findFirst()
                .orElseThrow();
        Service service =
                services.stream().filter(x -> x != headless).findFirst().orElseThrow();
        assertThat(sts.getSpec().getServiceName())
                .isEqualTo(headless.getMetadata().getName());
        assertThat(headless.getSpec().getSelector())
                .isEqualTo(sts.getSpec().getSelector().getMatchLabels());
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();

        // Peers: each replica by its stable name under the headless Service, on the container's port;
        // self: the pod's own name in the same form (from the downward API).
        String domain = headless.getMetadata().getName() + ".monitoring.svc";
        int port = collector.getPorts().get(0).getContainerPort();
        assertThat(env(collector, "KUBEMON_COLLECTOR_PEERS").getValue().split(","))
                .containsExactly(
                        "http://" + sts.getMetadata().getName() + "-0." + domain + ":" + port,
                        "http://" + sts.getMetadata().getName() + "-1." + domain + ":" + port,
                        "http://" + sts.getMetadata().getName() + "-2." + domain + ":" + port);
        assertThat(env(collector, "POD_NAME").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.name");
        assertThat(env(collector, "KUBEMON_COLLECTOR_SELF").getValue())
                .isEqualTo("http://$(POD_NAME)." + domain + ":" + port);
        // POD_NAME is defined before SELF uses it: Kubernetes expands only variables defined earlier.
        List<String> names = collector.getEnv().stream().map(EnvVar::getName).toList();
        assertThat(names.indexOf("POD_NAME")).isLessThan(names.indexOf("KUBEMON_COLLECTOR_SELF"));

        // Agents still get one address: the load-balanced Service (the registration's answer names the owner).
        Container agent = one(objects, DaemonSet.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(env(agent, "KUBEMON_AGENT_COLLECTOR_URL").getValue())
                .isEqualTo("http://" + service.getMetadata().getName() + ":"
                        + service.getSpec().getPorts().get(0).getPort());

        // One collector: no group settings at all.
        Container single = one(render(Map.of()), StatefulSet.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(single.getEnv()).noneMatch(e -> e.getName().startsWith("KUBEMON_COLLECTOR_PEERS"));
    }
}
