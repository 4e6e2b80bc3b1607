package io.kubemon.agent.kubernetes;

import static io.kubemon.agent.kubernetes.PodFixtures.await;
import static io.kubemon.agent.kubernetes.PodFixtures.kinds;
import static io.kubemon.agent.kubernetes.PodFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubemon.agent.host.EventLog;
import io.kubemon.agent.host.Notices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The watch's {@code 410 Gone} end to end against fabric8's mock API server, scripted: a list, a
 * watch that sees one pod added and then says the version it watches from is gone (as an API
 * server does once its watch cache has moved past it), the list again with what changed in the
 * gap, and the watch from the new list's version. The scripted paths are exact, so the watch's
 * timeout is not spread (jitter 0).
 */
@EnableKubernetesMockClient
class PodWatchRelistTest {
    private static final String WATCH = "/api/v1/pods?watch=true&allowWatchBookmarks=true&timeoutSeconds=300";

    KubernetesClient client;
    KubernetesMockServer server;

    @TempDir
    Path serviceAccount;

    private static Pod versioned(Pod p, String version) {
        p.getMetadata().setResourceVersion(version);
        return p;
    }

    /** The next GET of the pods answers these, at {@code version}. */
    private void listOnce(String version, Pod... items) {
        server.expect()
                .get()
                .withPath("/api/v1/pods")
                .andReturn(
                        200,
                        new PodListBuilder()
                                .withNewMetadata()
                                .withResourceVersion(version)
                                .endMetadata()
                                .withItems(items)
                                .build())
                .once();
    }

    private static Pod named(String name, char id) {
        return pod(
                name, "batch", "uid-" + name, "node-a", name, String.valueOf(id).repeat(64));
    }

    @Test
    void podsAddedOrDeletedDuringTheGapAreSeenAndNoneTwice() throws Exception {
        Pod a = versioned(named("a", 'a'), "9");
        Pod b = versioned(named("b", 'b'), "11");
        Pod c = versioned(named("c", 'c'), "15");
        Pod d = versioned(named("d", 'd'), "21");
        Pod gone = versioned(named("gone", 'e'), "8");
        listOnce("10", a, gone);
        server.expect()
                .get()
                .withPath(WATCH + "&resourceVersion=10")
                .andUpgradeToWebSocket()
                .open()
                .waitFor(100)
                .andEmit(new WatchEvent(b, "ADDED"))
                .waitFor(100)
                .andEmit(new WatchEvent(
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withCode(410)
                                .withReason("Expired")
                                .withMessage("too old resource version: 10 (12)")
                                .build(),
                        "ERROR"))
                .done()
                .once();
        // The list after the gap: b (seen by the watch already), c added and gone deleted meanwhile.
        listOnce("20", a, b, c);
        server.expect()
                .get()
                .withPath(WATCH + "&resourceVersion=20")
                .andUpgradeToWebSocket()
                .open()
                .waitFor(100)
                .andEmit(new WatchEvent(d, "ADDED"))
                .waitFor(5_000)
                .andEmit(new WatchEvent(d, "MODIFIED"))
                .done()
                .once();

        Files.copy(Path.of(server.getSelfSignedCertificate().certificatePath()), serviceAccount.resolve("ca.crt"));
        KubeApi api = KubeApi.of(client.getMasterUrl().toString(), serviceAccount, java.util.Map.of());
        EventLog log = new EventLog();
        Notices notices = new Notices();
        List<String> events = new ArrayList<>();
        try (KubernetesPodMetadata meta =
                new KubernetesPodMetadata(api, JsonMapper.builder().build(), "node-a", notices, log, false, 0)) {
            PodMetadata.Names dNames = await(() -> meta.lookup("uid-d", "d".repeat(64)), n -> n.pod() != null);
            assertThat(dNames)
                    .as("notices: %s", notices.all())
                    .isEqualTo(new PodMetadata.Names("d", "batch", "d", "nginx:1.27"));
            for (String p : List.of("a", "b", "c")) {
                assertThat(meta.lookup("uid-" + p, p.repeat(64)).pod()).as(p).isEqualTo(p);
            }
            assertThat(meta.lookup("uid-gone", "e".repeat(64))).isEqualTo(PodMetadata.Names.NONE);
            events.addAll(kinds(log));
        }
        assertThat(events)
                .containsExactlyInAnyOrder(
                        "pod_added b phase unknown",
                        "pod_deleted gone deleted in phase unknown",
                        "pod_added c phase unknown",
                        "pod_added d phase unknown");
        assertThat(notices.all()).isEmpty();
    }
}
