package io.kubemon.agent.kubernetes;

import static io.kubemon.agent.kubernetes.PodFixtures.await;
import static io.kubemon.agent.kubernetes.PodFixtures.kinds;
import static io.kubemon.agent.kubernetes.PodFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubemon.agent.TestSupport;
import io.kubemon.agent.cgroup.CgroupFs;
import io.kubemon.agent.cgroup.CgroupReader;
import io.kubemon.agent.container.ContainerInfo;
import io.kubemon.agent.container.KubepodsDiscovery;
import io.kubemon.agent.host.EventLog;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.Notices;
import io.kubemon.agent.host.ProcFiles;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pod metadata from fabric8's mock API server (CRUD mode: real list and watch semantics; no
 * Kubernetes API server can run here), its pods made with fabric8's client.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesPodMetadataTest {
    private static final String APP = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private static final String UID = "6f0c2a1e-3b4d-4c5e-9f60-1a2b3c4d5e6f";

    KubernetesClient client;

    /** The mock server serves HTTPS with a self-signed certificate: the agent trusts it as a pod trusts its cluster's CA. */
    KubernetesMockServer server;

    @TempDir
    Path serviceAccount;

    @org.junit.jupiter.api.BeforeEach
    void mountServiceAccount() throws Exception {
        java.nio.file.Files.copy(
                Path.of(server.getSelfSignedCertificate().certificatePath()), serviceAccount.resolve("ca.crt"));
        java.nio.file.Files.writeString(serviceAccount.resolve("token"), "agent-token\n");
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the agent said of the API: in a failed assertion's message, why no names came. */
    private final Notices notices = new Notices();

    @org.junit.jupiter.api.AfterEach
    void saySo() {
        System.out.println("notices: " + notices.all());
    }

    /** The agent's own client of the mock server fabric8's client fills. */
    private KubernetesPodMetadata watch(String node, EventLog log) {
        KubeApi api = KubeApi.of(client.getMasterUrl().toString(), serviceAccount, Map.of());
        return new KubernetesPodMetadata(api, JSON, node, notices, log, false, 300);
    }

    @TempDir
    Path root;

    @Test
    void namesComeFromThePodsOfThisNodeAndFollowDeletes() throws Exception {
        // The mock server, like the real one, assigns the UID on create.
        String uid = client.pods()
                .inNamespace("shop")
                .resource(pod("web-0", "shop", UID, "node-a", "nginx", APP))
                .create()
                .getMetadata()
                .getUid();
        client.pods()
                .inNamespace("shop")
                .resource(pod("other", "shop", "11111111-2222-3333-4444-555555555555", "node-b", "x", "b".repeat(64)))
                .create();
        try (KubernetesPodMetadata meta = watch("node-a", new EventLog())) {
            PodMetadata.Names names = await(() -> meta.lookup(uid, APP), n -> n.pod() != null);
            assertThat(names).isEqualTo(new PodMetadata.Names("web-0", "shop", "nginx", "nginx:1.27"));
            // The list went with the service account's token (fabric8's own client sends none here).
            java.util.List<String> tokens = new java.util.ArrayList<>();
            for (var r = server.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS);
                    r != null;
                    r = server.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (r.getPath().startsWith("/api/v1/pods")) {
                    tokens.add(r.getHeader("Authorization"));
                }
            }
            assertThat(tokens).isNotEmpty().allMatch("Bearer agent-token"::equals);
            // By pod UID alone (a container the status does not list yet): pod and namespace.
            assertThat(meta.lookup(uid, "c".repeat(64))).isEqualTo(new PodMetadata.Names("web-0", "shop", null, null));
            // Pods of other nodes are not watched.
            assertThat(meta.lookup("11111111-2222-3333-4444-555555555555", "b".repeat(64)))
                    .isEqualTo(PodMetadata.Names.NONE);

            // The mock server's watch does not replay what happened between the agent's list and
            // its watch (a real API server does, from the list's resourceVersion): delete only once
            // the watch is up, or the delete can fall into that gap and never reach the agent.
            assertThat(await(meta::watching, w -> w)).as("the watch is up").isTrue();
            client.pods().inNamespace("shop").withName("web-0").delete();
            assertThat(await(() -> meta.lookup(uid, APP), n -> n.pod() == null)).isEqualTo(PodMetadata.Names.NONE);
        }
    }

    @Test
    void aPodAddedChangingPhaseEvictedAndDeletedIsAnEventEachOnlyForThisNode() throws Exception {
        EventLog log = new EventLog();
        client.pods()
                .inNamespace("shop")
                .resource(pod("before", "shop", UID, "node-a", "nginx", APP))
                .create();
        try (KubernetesPodMetadata meta = watch("node-a", log)) {
            assertThat(await(meta::watching, w -> w)).isTrue();
            assertThat(kinds(log)).as("the first list is not an event").isEmpty();
            client.pods()
                    .inNamespace("shop")
                    .resource(
                            pod("job-1", "shop", "22222222-3333-4444-5555-666666666666", "node-a", "j", "d".repeat(64)))
                    .create();
            client.pods()
                    .inNamespace("shop")
                    .resource(pod(
                            "elsewhere", "shop", "33333333-4444-5555-6666-777777777777", "node-b", "j", "e".repeat(64)))
                    .create();
            java.util.List<String> seen = new java.util.ArrayList<>();
            seen.addAll(await(() -> kinds(log), k -> !k.isEmpty()));
            client.pods().inNamespace("shop").withName("job-1").edit(p -> {
                p.getStatus().setPhase("Failed");
                p.getStatus().setReason("Evicted");
                p.getStatus().setMessage("The node was low on resource: memory.");
                return p;
            });
            seen.addAll(await(() -> kinds(log), k -> !k.isEmpty()));
            client.pods().inNamespace("shop").withName("job-1").delete();
            seen.addAll(await(() -> kinds(log), k -> !k.isEmpty()));
            assertThat(seen)
                    .containsExactly(
                            "pod_added job-1 phase unknown",
                            "pod_evicted job-1 The node was low on resource: memory.",
                            "pod_phase job-1 unknown -> Failed",
                            "pod_deleted job-1 deleted in phase Failed");
        }
    }

    @Test
    void cgroupDiscoveredContainersGetTheirPodNames() throws Exception {
        client.pods()
                .inNamespace("shop")
                .resource(pod("web-0", "shop", UID, "node-a", "nginx", APP))
                .create();
        TestSupport.copyTree(TestSupport.FIXTURES.resolve("kubepods-cgroup2/t1"), root);
        HostPaths paths = TestSupport.paths(root);
        ProcFiles files = new ProcFiles();
        CgroupFs fs = new CgroupFs(paths);
        try (KubernetesPodMetadata meta = watch("node-a", new EventLog())) {
            await(() -> meta.lookup(UID, APP), n -> n.pod() != null);
            KubepodsDiscovery discovery =
                    new KubepodsDiscovery(fs, new CgroupReader(fs, files, TestSupport.malformed()), paths, files, meta);
            ContainerInfo app = discovery.containers().stream()
                    .filter(c -> c.id().equals(APP))
                    .findFirst()
                    .orElseThrow();
            assertThat(app.pod()).isEqualTo("web-0");
            assertThat(app.namespace()).isEqualTo("shop");
            assertThat(app.kubeContainer()).isEqualTo("nginx");
            assertThat(app.name()).isEqualTo("nginx");
            assertThat(app.image()).isEqualTo("nginx:1.27");
            assertThat(app.source()).isEqualTo("shop_web-0_nginx");
        }
    }

    @Test
    void anUnreachableApiIsANotice() throws Exception {
        Notices notices = new Notices();
        KubeApi dead = KubeApi.of("https://127.0.0.1:" + KubeApiTest.closedPort(), serviceAccount, Map.of());
        try (KubernetesPodMetadata meta = new KubernetesPodMetadata(dead, JSON, "node-a", notices, new EventLog())) {
            // Start-up is not held up by the API: lookups answer at once, with no names.
            assertThat(meta.lookup(UID, APP)).isEqualTo(PodMetadata.Names.NONE);
            await(notices::all, n -> !n.isEmpty());
        }
        assertThat(notices.all())
                .singleElement()
                .asString()
                .startsWith("kubernetes: Kubernetes API unreachable")
                .containsIgnoringCase("refused");
    }
}
