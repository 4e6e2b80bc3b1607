package io.kubemon.bench;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The Kubernetes API the deployed-form overhead run's agent watches ({@code agent-overhead.sh
 * --deployed}): fabric8's CRUD mock server on loopback (no kube-apiserver can run here), holding
 * one pod per container of the run, each as a real API server returns it (managed fields,
 * owner, probes, the service-account volume, conditions), so the agent's informer caches what it
 * would on a node.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.kubemon.bench.MockApiServer --port P --node NODE
 *   --containers FILE   (one "name id" line per container: the pod's name, its Docker id)</pre>
 */
public final class MockApiServer {
    public static void main(String[] args) throws Exception {
        int port = 0;
        String node = "bench-node";
        Path containers = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--node" -> node = args[++i];
                case "--containers" -> containers = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (containers == null) {
            throw new IllegalArgumentException("--containers FILE is required");
        }
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new NodeFieldIgnored(), false);
        server.init(InetAddress.getLoopbackAddress(), port);
        try (NamespacedKubernetesClient client = server.createClient()) {
            int n = 0;
            for (String line : Files.readAllLines(containers)) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 2) {
                    client.pods()
                            .inNamespace("bench")
                            .resource(pod(f[0], f[1], node))
                            .create();
                    n++;
                }
            }
            System.out.println("mock API server on port " + server.getPort() + " with " + n + " pods of node " + node);
        }
        new CountDownLatch(1).await();
    }

    /**
     * The CRUD dispatcher matches a field selector against a resource's name and namespace only, so a
     * {@code spec.nodeName} selector would match nothing: it is dropped here, and every pod the server
     * holds is of the node.
     */
    private static final class NodeFieldIgnored extends KubernetesCrudDispatcher {
        @Override
        public MockResponse handleGet(String path) {
            return super.handleGet(withoutNodeField(path));
        }

        @Override
        public MockResponse handleWatch(String path) {
            return super.handleWatch(withoutNodeField(path));
        }

        static String withoutNodeField(String path) {
            return path.replaceAll("fieldSelector=spec\\.nodeName(%3D|=)[^&]*&?", "");
        }
    }

    static Pod pod(String name, String dockerId, String node) {
        Map<String, String> labels = Map.of(
                "app.kubernetes.io/name", name, "app.kubernetes.io/part-of", "bench", "pod-template-hash", "7d9f8c6b5");
        FieldsV1 fields = new FieldsV1();
        fields.setAdditionalProperty("f:metadata", Map.of("f:labels", Map.of("f:app.kubernetes.io/name", Map.of())));
        fields.setAdditionalProperty("f:spec", Map.of("f:containers", Map.of("k:{\"name\":\"main\"}", Map.of())));
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("bench")
                .withUid(java.util.UUID.nameUUIDFromBytes(name.getBytes()).toString())
                .withLabels(labels)
                .withAnnotations(Map.of("kubectl.kubernetes.io/restartedAt", "2026-12-01T10:00:00Z"))
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName(name + "-7d9f8c6b5")
                .withUid("00000000-0000-0000-0000-000000000001")
                .withController(true)
                .endOwnerReference()
                .withManagedFields(
                        new ManagedFieldsEntryBuilder()
                                .withManager("kube-controller-manager")
                                .withOperation("Update")
                                .withApiVersion("v1")
                                .withFieldsType("FieldsV1")
                                .withFieldsV1(fields)
                                .build(),
                        new ManagedFieldsEntryBuilder()
                                .withManager("kubelet")
                                .withOperation("Update")
                                .withApiVersion("v1")
                                .withSubresource("status")
                                .withFieldsType("FieldsV1")
                                .withFieldsV1(fields)
                                .build())
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .withServiceAccountName("default")
                .addNewContainer()
                .withName("main")
                .withImage("kubemon-test-busybox:latest")
                .withCommand("sh", "-c", "sleep 1000000")
                .addNewEnv()
                .withName("MODE")
                .withValue("bench")
                .endEnv()
                .addNewEnv()
                .withName("POD_NAME")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.name")
                .endFieldRef()
                .endValueFrom()
                .endEnv()
                .addNewPort()
                .withContainerPort(8080)
                .withName("http")
                .endPort()
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity("50m"), "memory", new Quantity("32Mi")))
                .withLimits(Map.of("memory", new Quantity("64Mi")))
                .endResources()
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath("/ready")
                .withNewPort(8080)
                .endHttpGet()
                .endReadinessProbe()
                .addNewVolumeMount()
                .withName("kube-api-access")
                .withMountPath("/var/run/secrets/kubernetes.io/serviceaccount")
                .withReadOnly(true)
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("kube-api-access")
                .withNewProjected()
                .addNewSource()
                .withNewServiceAccountToken()
                .withPath("token")
                .withExpirationSeconds(3607L)
                .endServiceAccountToken()
                .endSource()
                .addNewSource()
                .withNewConfigMap()
                .withName("kube-root-ca.crt")
                .addNewItem()
                .withKey("ca.crt")
                .withPath("ca.crt")
                .endItem()
                .endConfigMap()
                .endSource()
                .endProjected()
                .endVolume()
                .addNewToleration()
                .withKey("node.kubernetes.io/not-ready")
                .withOperator("Exists")
                .withEffect("NoExecute")
                .withTolerationSeconds(300L)
                .endToleration()
                .addNewToleration()
                .withKey("node.kubernetes.io/unreachable")
                .withOperator("Exists")
                .withEffect("NoExecute")
                .withTolerationSeconds(300L)
                .endToleration()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .withHostIP("10.0.0.2")
                .withPodIP("10.244.0." + (Math.abs(name.hashCode()) % 250 + 2))
                .withQosClass("Burstable")
                .withStartTime("2026-12-01T10:00:00Z")
                .addNewCondition()
                .withType("Initialized")
                .withStatus("True")
                .endCondition()
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .addNewCondition()
                .withType("ContainersReady")
                .withStatus("True")
                .endCondition()
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("True")
                .endCondition()
                .withContainerStatuses(List.of(new ContainerStatusBuilder()
                        .withName("main")
                        .withContainerID("docker://" + dockerId)
                        .withImage("kubemon-test-busybox:latest")
                        .withImageID("docker-pullable://kubemon-test-busybox@sha256:" + "0".repeat(64))
                        .withReady(true)
                        .withStarted(true)
                        .withRestartCount(0)
                        .withNewState()
                        .withNewRunning()
                        .withStartedAt("2026-12-01T10:00:01Z")
                        .endRunning()
                        .endState()
                        .build()))
                .endStatus()
                .build();
    }
}
