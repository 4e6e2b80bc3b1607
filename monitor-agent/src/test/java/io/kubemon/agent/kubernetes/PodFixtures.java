package io.kubemon.agent.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubemon.agent.host.EventLog;
import io.kubemon.common.wire.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Pods as the API serves them, made with fabric8's model, and the waits the pod-watch tests share. */
final class PodFixtures {
    private PodFixtures() {}

    /** A pod of one container on {@code node}, its status naming the container by containerd id. */
    static Pod pod(String name, String ns, String uid, String node, String container, String id) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .withUid(uid)
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .addNewContainer()
                .withName(container)
                .withImage("nginx:1.27")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .addToContainerStatuses(new ContainerStatusBuilder()
                        .withName(container)
                        .withImage("nginx:1.27")
                        .withContainerID("containerd://" + id)
                        .build())
                .endStatus()
                .build();
    }

    /** {@code probe}'s value once {@code done}, or its last after 20 s: the mock server's watch events lag under load. */
    static <T> T await(Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        T v = probe.get();
        for (int i = 0; i < 400 && !done.test(v); i++) {
            Thread.sleep(50);
            v = probe.get();
        }
        return v;
    }

    /** The events the log holds now, drained, as "kind pod detail". */
    static List<String> kinds(EventLog log) {
        List<Event> out = new ArrayList<>();
        log.drainTo(out, System.currentTimeMillis());
        return out.stream()
                .map(e -> e.kind().wire() + " " + e.pod() + " " + e.detail())
                .toList();
    }
}
