package io.kubemon.agent.kubernetes;

import io.kubemon.agent.host.EventLog;
import io.kubemon.agent.host.Notices;
import io.kubemon.agent.host.RootCause;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pod names for containers found in the cgroup tree, from the Kubernetes API: the pods whose
 * {@code spec.nodeName} is this node, listed once and then watched (a list, then a watch from
 * its resource version, as an informer does; no polling). Only {@link PodDoc}'s fields of each
 * pod are parsed and held. An unreachable API is a notice, not an error: rows are then named by id.
 */
public class KubernetesPodMetadata implements PodMetadata, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KubernetesPodMetadata.class);
    static final String NOTICE = "kubernetes: ";
    private static final long RETRY_SECONDS = 30;
    /** A watch's timeout is 300 s plus up to this, so a cluster's agents do not re-watch together. */
    private static final int WATCH_JITTER_SECONDS = 300;

    private final KubeApi api;
    private final JsonMapper json;
    private final String nodeName;
    private final Map<String, PodDoc> byUid = new ConcurrentHashMap<>();
    private final Map<String, Names> byContainerId = new ConcurrentHashMap<>();
    private final Notices notices;
    private final EventLog events;
    private final boolean serverSideFilter;
    private final int watchJitterSeconds;
    private final ScheduledExecutorService retry;
    private volatile Disposable current;
    private volatile boolean watching;
    private volatile boolean listedOnce;
    /** The watch now open; signals of one ended or disposed before are dropped (see {@link #watch}). */
    private int watchNumber;

    private volatile String resourceVersion;

    public KubernetesPodMetadata(KubeApi api, JsonMapper json, String nodeName, Notices notices, EventLog events) {
        this(api, json, nodeName, notices, events, true, WATCH_JITTER_SECONDS);
    }

    /**
     * @param serverSideFilter ask the API server for this node's pods only (a field selector on
     *                         spec.nodeName, so a big cluster's pods never reach the agent). Pods
     *                         of other nodes are also dropped here, so tests against fabric8's
     *                         CRUD mock server, which implements no field selector on spec.*, pass false.
     * @param watchJitterSeconds the spread of the watches' timeouts (0: every watch asks for 300 s, as a
     *                         test against fixed paths needs)
     */
    KubernetesPodMetadata(
            KubeApi api,
            JsonMapper json,
            String nodeName,
            Notices notices,
            EventLog events,
            boolean serverSideFilter,
            int watchJitterSeconds) {
        this.watchJitterSeconds = watchJitterSeconds;
        this.api = api;
        this.json = json;
        this.events = events;
        this.nodeName = nodeName;
        this.notices = notices;
        this.serverSideFilter = serverSideFilter;
        this.retry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubemon-k8s");
            t.setDaemon(true);
            return t;
        });
        retry.execute(this::list);
    }

    private String podsPath(boolean watch) {
        StringBuilder q = new StringBuilder("/api/v1/pods");
        char sep = '?';
        if (serverSideFilter) {
            q.append(sep)
                    .append("fieldSelector=")
                    .append(URLEncoder.encode("spec.nodeName=" + nodeName, StandardCharsets.UTF_8));
            sep = '&';
        }
        if (watch) {
            // The API ends a watch after timeoutSeconds; spread so a cluster's agents do not re-watch together.
            q.append(sep)
                    .append("watch=true&allowWatchBookmarks=true&timeoutSeconds=")
                    .append(300
                            + (watchJitterSeconds == 0
                                    ? 0
                                    : ThreadLocalRandom.current().nextInt(watchJitterSeconds)));
            if (resourceVersion != null) {
                q.append("&resourceVersion=").append(URLEncoder.encode(resourceVersion, StandardCharsets.UTF_8));
            }
        }
        return q.toString();
    }

    /** Lists the pods (the first time, or after the API said the watch's version is gone), then watches. */
    private void list() {
        watching = false;
        api.get(podsPath(false))
                .subscribe(
                        body -> retry.execute(() -> {
                            try {
                                PodDoc.PodList pods = json.readValue(body, PodDoc.PodList.class);
                                replaceAll(pods);
                                resourceVersion = pods.metadata() == null
                                        ? null
                                        : pods.metadata().resourceVersion();
                                if (!listedOnce) {
                                    log.info("watching the pods of node {} for container names", nodeName);
                                }
                                listedOnce = true;
                                notices.removeIf(NOTICE);
                                watch();
                            } catch (RuntimeException e) {
                                unreachable(e);
                            }
                        }),
                        error -> retry.execute(() -> unreachable(error)));
    }

    private void unreachable(Throwable error) {
        watching = false;
        String why = "Kubernetes API unreachable (" + RootCause.describe(error) + "); containers are named by id"
                + (byUid.isEmpty() ? "" : " or by the names last seen") + " until it answers";
        if (notices.add(NOTICE + why)) {
            log.warn(why);
        }
        schedule(this::list, RETRY_SECONDS);
    }

    private void schedule(Runnable task, long seconds) {
        if (!retry.isShutdown()) {
            retry.schedule(task, seconds, TimeUnit.SECONDS);
        }
    }

    private void watch() {
        // Every signal comes back to the kubemon-k8s thread as a task; one queued there before its
        // watch was disposed (an ERROR event, then a list) must not start a second watch beside the new one.
        int number = ++watchNumber;
        current = api.watch(podsPath(true), () -> watching = true)
                .subscribe(
                        message -> retry.execute(() -> {
                            if (number == watchNumber) {
                                onMessage(message);
                            }
                        }),
                        error -> retry.execute(() -> {
                            if (number == watchNumber) {
                                watching = false;
                                log.info("the watch of pods ended ({}); listing again", RootCause.describe(error));
                                schedule(this::list, 1);
                            }
                        }),
                        // The API ends a watch at its timeout: watch again from the last version seen.
                        () -> retry.execute(() -> {
                            if (number == watchNumber) {
                                watching = false;
                                watch();
                            }
                        }));
    }

    /** One watch event: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR. */
    private void onMessage(byte[] message) {
        JsonNode event;
        try {
            event = json.readTree(message);
        } catch (RuntimeException e) {
            log.warn("a watch event that is not JSON is skipped: {}", RootCause.describe(e));
            return;
        }
        String type = event.path("type").asString("");
        JsonNode object = event.path("object");
        if ("ERROR".equals(type)) {
            // A Status: 410 Gone when the version watched from is too old. A list starts again.
            log.info(
                    "the watch of pods says {} {}: listing again",
                    object.path("code").asInt(0),
                    object.path("message").asString(""));
            watchNumber++;
            Disposable d = current;
            if (d != null) {
                d.dispose();
            }
            list();
            return;
        }
        String version = object.path("metadata").path("resourceVersion").asString(null);
        if (version != null) {
            resourceVersion = version;
        }
        if ("BOOKMARK".equals(type)) {
            return;
        }
        PodDoc pod = json.treeToValue(object, PodDoc.class);
        if (pod.uid() == null) {
            return;
        }
        switch (type) {
            case "ADDED", "MODIFIED" -> upsert(pod, true);
            case "DELETED" -> delete(pod);
            default -> log.debug("watch event {} skipped", type);
        }
    }

    /** A list's pods replace what was held: new ones added, gone ones deleted (missed while not watching). */
    private void replaceAll(PodDoc.PodList list) {
        Set<String> seen = new HashSet<>();
        for (PodDoc pod : list.items() == null ? java.util.List.<PodDoc>of() : list.items()) {
            if (pod.uid() != null) {
                seen.add(pod.uid());
                // The first list adds every pod there is: those are not events of a run.
                upsert(pod, listedOnce);
            }
        }
        for (PodDoc held : java.util.List.copyOf(byUid.values())) {
            if (!seen.contains(held.uid())) {
                delete(held);
            }
        }
    }

    private void upsert(PodDoc pod, boolean asEvent) {
        if (!mine(pod)) {
            return;
        }
        PodDoc before = byUid.put(pod.uid(), pod);
        index(pod);
        if (asEvent || before != null) {
            PodEvents.of(before, pod, System.currentTimeMillis()).forEach(events::record);
        }
    }

    /** {@code last}: the pod as the DELETED event shows it, or as last held when a list no longer has it. */
    private void delete(PodDoc last) {
        PodDoc held = byUid.remove(last.uid());
        if (held == null) {
            return;
        }
        byContainerId
                .values()
                .removeIf(n -> n.pod().equals(held.name()) && n.namespace().equals(held.namespace()));
        PodEvents.of(last, null, System.currentTimeMillis()).forEach(events::record);
    }

    /** Whether the watch is established (after the first list): changes from here on reach it. */
    boolean watching() {
        return watching;
    }

    @Override
    public Names lookup(String podUid, String containerId) {
        Names byId = byContainerId.get(containerId);
        if (byId != null) {
            return byId;
        }
        PodDoc pod = podUid == null ? null : byUid.get(podUid);
        return pod == null ? Names.NONE : new Names(pod.name(), pod.namespace(), null, null);
    }

    /** "containerd://abc", "cri-o://abc", "docker://abc" to "abc". */
    static String bareId(String containerId) {
        int sep = containerId == null ? -1 : containerId.indexOf("://");
        return sep < 0 ? containerId : containerId.substring(sep + 3);
    }

    /** A pod of this node (the mock API server filters nothing, a real one only this node's). */
    private boolean mine(PodDoc pod) {
        return nodeName.equals(pod.nodeName());
    }

    private void index(PodDoc pod) {
        if (pod.status() == null) {
            return;
        }
        for (PodDoc.ContainerStatus s : pod.status().all()) {
            String id = bareId(s.containerID());
            if (id != null && !id.isEmpty()) {
                byContainerId.put(id, new Names(pod.name(), pod.namespace(), s.name(), s.image()));
            }
        }
    }

    @Override
    public void close() {
        retry.shutdownNow();
        Disposable d = current;
        if (d != null) {
            d.dispose();
        }
    }
}
