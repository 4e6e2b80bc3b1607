package io.kubemon.agent.container;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubemon.agent.host.EventLog;
import io.kubemon.agent.host.Notices;
import io.kubemon.agent.host.RootCause;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pod names for containers found in the cgroup tree, from the Kubernetes API: the pods whose
 * {@code spec.nodeName} is this node, watched with a fabric8 informer (one list, then a watch;
 * no polling). An unreachable API is a notice, not an error: rows are then named by id.
 */
public class KubernetesPodMetadata implements PodMetadata, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KubernetesPodMetadata.class);
    static final String NOTICE = "kubernetes: ";

    private final KubernetesClient client;
    private final String nodeName;
    private final Map<String, Pod> byUid = new ConcurrentHashMap<>();
    private final Map<String, Names> byContainerId = new ConcurrentHashMap<>();
    private final Notices notices;
    private final boolean serverSideFilter;
    private final ScheduledExecutorService retry;
    private volatile SharedIndexInformer<Pod> informer;
    private final EventLog events;

    public KubernetesPodMetadata(KubernetesClient client, String nodeName, Notices notices, EventLog events) {
        this(client, nodeName, notices, events, true);
    }

    /**
     * @param serverSideFilter ask the API server for this node's pods only (a field selector on
     *                         spec.nodeName, so a big cluster's pods never reach the agent). Pods
     *                         of other nodes are also dropped here, so tests against fabric8's
     *                         CRUD mock server, which implements no field selector on spec.*, pass false.
     */
    KubernetesPodMetadata(
            KubernetesClient client, String nodeName, Notices notices, EventLog events, boolean serverSideFilter) {
        this.events = events;
        this.client = client;
        this.nodeName = nodeName;
        this.notices = notices;
        this.serverSideFilter = serverSideFilter;
        this.retry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubemon-k8s");
            t.setDaemon(true);
            return t;
        });
        start();
    }

    /** Starts the informer without blocking start-up; an unreachable API is retried every 30 s. */
    private void start() {
        var pods = client.pods().inAnyNamespace();
        SharedIndexInformer<Pod> inf =
                (serverSideFilter ? pods.withField("spec.nodeName", nodeName) : pods).runnableInformer(0);
        inf.addEventHandler(new Handler());
        informer = inf;
        inf.start().whenComplete((ok, error) -> {
            if (error == null) {
                notices.removeIf(NOTICE);
                log.info("watching the pods of node {} for container names", nodeName);
                return;
            }
            inf.close();
            String why = "Kubernetes API unreachable (" + RootCause.describe(error)
                    + "); containers are named by id until it answers";
            if (notices.add(NOTICE + why)) {
                log.warn(why);
            }
            if (!retry.isShutdown()) {
                retry.schedule(this::start, 30, TimeUnit.SECONDS);
            }
        });
    }

    /** Whether the informer's watch is established (after its first list): changes from here on reach it. */
    boolean watching() {
        SharedIndexInformer<Pod> inf = informer;
        return inf != null && inf.isWatching();
    }

    @Override
    public Names lookup(String podUid, String containerId) {
        Names byId = byContainerId.get(containerId);
        if (byId != null) {
            return byId;
        }
        Pod pod = podUid == null ? null : byUid.get(podUid);
        return pod == null
                ? Names.NONE
                : new Names(pod.getMetadata().getName(), pod.getMetadata().getNamespace(), null, null);
    }

    /** "containerd://abc", "cri-o://abc", "docker://abc" to "abc". */
    static String bareId(String containerId) {
        int sep = containerId == null ? -1 : containerId.indexOf("://");
        return sep < 0 ? containerId : containerId.substring(sep + 3);
    }

    /** A pod of this node (the mock API server filters nothing, a real one only this node's). */
    private boolean mine(Pod pod) {
        return pod != null
                && pod.getSpec() != null
                && nodeName.equals(pod.getSpec().getNodeName());
    }

    private void index(Pod pod) {
        if (!mine(pod)) {
            return;
        }
        byUid.put(pod.getMetadata().getUid(), pod);
        if (pod.getStatus() == null) {
            return;
        }
        for (List<ContainerStatus> statuses : List.of(
                nullSafe(pod.getStatus().getInitContainerStatuses()),
                nullSafe(pod.getStatus().getContainerStatuses()),
                nullSafe(pod.getStatus().getEphemeralContainerStatuses()))) {
            for (ContainerStatus s : statuses) {
                String id = bareId(s.getContainerID());
                if (id != null && !id.isEmpty()) {
                    byContainerId.put(
                            id,
                            new Names(
                                    pod.getMetadata().getName(),
                                    pod.getMetadata().getNamespace(),
                                    s.getName(),
                                    s.getImage()));
                }
            }
        }
    }

    private void forget(Pod pod) {
        byUid.remove(pod.getMetadata().getUid());
        byContainerId
                .values()
                .removeIf(n -> n.pod().equals(pod.getMetadata().getName())
                        && n.namespace().equals(pod.getMetadata().getNamespace()));
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private final class Handler implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            index(pod);
            // The informer's first list adds every pod there is: those are not events of a run.
            if (watching() && mine(pod)) {
                PodEvents.of(null, pod, System.currentTimeMillis()).forEach(events::record);
            }
        }

        @Override
        public void onUpdate(Pod oldPod, Pod newPod) {
            index(newPod);
            if (mine(newPod)) {
                PodEvents.of(oldPod, newPod, System.currentTimeMillis()).forEach(events::record);
            }
        }

        @Override
        public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            forget(pod);
            if (mine(pod)) {
                PodEvents.of(pod, null, System.currentTimeMillis()).forEach(events::record);
            }
        }
    }

    @Override
    public void close() {
        retry.shutdownNow();
        if (informer != null) {
            informer.close();
        }
        client.close();
    }
}
