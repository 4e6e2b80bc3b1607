package io.kubemon.agent.container;

import io.kubemon.agent.cgroup.CgroupReader;
import io.kubemon.agent.config.AgentProperties;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.Notices;
import io.kubemon.agent.kubernetes.KubeletLabels;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Docker containers from the engine's API ({@link DockerEngine}), kept current from its event
 * stream (start, die, destroy) rather than by listing every tick; each container is inspected
 * once, when it starts. Only metadata comes from here: the numbers come from the cgroup reader.
 * The Docker stats API is not used: it blocks about a second per container.
 */
@Component
public class DockerDiscovery implements ContainerDiscovery {
    /** Docker's API knows names, images and labels: before the kubepods tree. */
    @Override
    public int precedence() {
        return 0;
    }

    private static final Logger log = LoggerFactory.getLogger(DockerDiscovery.class);
    static final String NOTICE = "docker: ";

    private final String dockerHost;
    private final HostPaths paths;
    private final CgroupReader cgroups;
    private final Notices notices;
    private final Map<String, ContainerInfo> running = new ConcurrentHashMap<>();
    /** The last containers' lifecycles the stream told, bounded: read once each, when the container's events are made. */
    private final Map<String, Lifecycle> lifecycles =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Lifecycle> eldest) {
                    return size() > 4096;
                }
            });

    private final ScheduledExecutorService executor;
    private final DockerEngine engine;
    private volatile DockerEngine.Events events;
    private volatile boolean connected;
    private volatile String engineVersion;

    public DockerDiscovery(
            AgentProperties properties, HostPaths paths, CgroupReader cgroups, Notices notices, JsonMapper json) {
        this.dockerHost = properties.dockerHost();
        this.engine = new DockerEngine(dockerHost, json);
        this.paths = paths;
        this.cgroups = cgroups;
        this.notices = notices;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubemon-docker");
            t.setDaemon(true);
            return t;
        });
        executor.execute(this::connect);
    }

    @Override
    public Collection<ContainerInfo> containers() {
        return running.values();
    }

    /** The engine's own instants of a container's start and death, and its exit code, from the event stream. */
    @Override
    public Lifecycle lifecycle(String id) {
        return lifecycles.get(id);
    }

    private static Integer exitCode(String text) {
        try {
            return text == null ? null : Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void remember(String id, Lifecycle l) {
        synchronized (lifecycles) {
            lifecycles.put(id, l);
        }
    }

    public boolean connected() {
        return connected;
    }

    /** The Docker engine's version, once connected; null before. */
    public String engineVersion() {
        return engineVersion;
    }

    private void connect() {
        try {
            Path socket = engine.socketPath();
            if (socket != null && !Files.exists(socket)) {
                unavailable("no Docker socket at " + socket + "; Docker containers are not monitored"
                        + " (containers under the kubepods cgroup tree still are)");
                return;
            }
            engine.ping();
            try {
                engineVersion = engine.get("/version").path("Version").asString(null);
            } catch (IOException | RuntimeException e) {
                engineVersion = null; // not worth failing discovery for
            }
            if (events != null) {
                events.close(); // a stream that failed: its reader has ended or ends now
            }
            // Subscribe first, then list: a container starting in between is seen by one or both.
            DockerEngine.Events stream = engine.events();
            events = stream;
            Thread reader = new Thread(() -> follow(stream), "kubemon-docker-events");
            reader.setDaemon(true);
            reader.start();
            List<String> ids = new ArrayList<>();
            for (JsonNode c : engine.get("/containers/json")) {
                ids.add(c.path("Id").asString());
            }
            running.keySet().retainAll(ids);
            for (String id : ids) {
                add(id);
            }
            connected = true;
            if (notices.all().stream().anyMatch(n -> n.startsWith(NOTICE))) {
                log.info("Docker engine at {} reachable again", dockerHost);
            }
            notices.removeIf(NOTICE);
            log.info("Docker engine at {}: {} running container(s)", dockerHost, running.size());
        } catch (IOException | RuntimeException e) {
            unavailable("Docker engine at " + dockerHost + " unreachable (" + e.getMessage() + ")");
        }
    }

    /** The event stream's reader thread: adds on start, removes on die and destroy, reconnects when it ends. */
    private void follow(DockerEngine.Events stream) {
        String why;
        try {
            stream.forEach(e -> {
                String action = e.path("Action").asString(e.path("status").asString(null));
                String id = e.path("id").asString(e.path("Actor").path("ID").asString(null));
                if (id == null || action == null) {
                    return;
                }
                long atMs = e.path("timeNano").asLong(0) / 1_000_000;
                switch (action) {
                    case "start" -> {
                        // A restart (--restart, a crash loop) keeps the previous life's exit: a tick
                        // that finds the container gone between its lives says how that life ended.
                        Lifecycle before = lifecycles.get(id);
                        remember(
                                id,
                                new Lifecycle(
                                        atMs > 0 ? atMs : null,
                                        before == null ? null : before.exitedAtMs(),
                                        before == null ? null : before.exitCode()));
                        executor.execute(() -> add(id));
                    }
                    case "die" -> {
                        String code = e.path("Actor")
                                .path("Attributes")
                                .path("exitCode")
                                .asString(null);
                        Lifecycle before = lifecycles.get(id);
                        remember(
                                id,
                                new Lifecycle(
                                        before == null ? null : before.startedAtMs(),
                                        atMs > 0 ? atMs : null,
                                        exitCode(code)));
                        running.remove(id);
                    }
                    case "destroy" -> running.remove(id);
                    default -> {}
                }
            });
            why = "event stream ended";
        } catch (IOException | RuntimeException e) {
            why = "event stream failed: " + e.getMessage();
        }
        if (executor.isShutdown() || events != stream) {
            return; // closed, or a newer connection follows its own stream
        }
        log.info("Docker {}; reconnecting", why);
        connected = false;
        try {
            executor.schedule(this::connect, 1, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the agent is stopping
        }
    }

    private void unavailable(String why) {
        connected = false;
        if (notices.add(NOTICE + why)) {
            log.warn("{}; the other monitors go on, and the agent checks again every 30 s", why);
        }
        executor.schedule(this::connect, 30, TimeUnit.SECONDS);
    }

    private void add(String id) {
        try {
            JsonNode c = engine.get("/containers/" + id + "/json");
            JsonNode state = c.path("State");
            if (!state.path("Running").asBoolean(false)) {
                return;
            }
            Map<String, String> labels = new java.util.HashMap<>();
            c.path("Config")
                    .path("Labels")
                    .properties()
                    .forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
            if (KubeletLabels.isSandbox(labels)) {
                return;
            }
            // By the id in the host's tree first: the path in /proc/<pid>/cgroup is relative to the
            // agent's own cgroup namespace, which is private in a pod. That path only where the
            // id names no directory (a runtime with its own naming), and only when it is absolute.
            long pid = state.path("Pid").asLong(0);
            String group = cgroups.groupById(id)
                    .orElseGet(() -> pid <= 0
                            ? null
                            : cgroups.groupOf(paths.proc(Long.toString(pid), "cgroup"))
                                    .filter(g -> !g.contains("/.."))
                                    .orElse(null));
            String rawName = c.path("Name").asString(null);
            if (group == null) {
                // Said once per container, never silently: its rows would be missing.
                log.warn(
                        "container {} ({}) is running but its cgroup is not found under {} (by its id, nor through "
                                + "/proc/{}/cgroup); it is not monitored",
                        id,
                        rawName,
                        paths.cgroup(),
                        pid);
                return;
            }
            String name = rawName != null && rawName.startsWith("/") ? rawName.substring(1) : rawName;
            String image = c.path("Config").path("Image").asString(null);
            running.put(
                    id,
                    new ContainerInfo(
                            id,
                            name,
                            image,
                            labels.get(KubeletLabels.POD_NAME),
                            labels.get(KubeletLabels.POD_NAMESPACE),
                            labels.get(KubeletLabels.CONTAINER_NAME),
                            labels.get(KubeletLabels.POD_UID),
                            "docker",
                            group,
                            null));
        } catch (IOException | RuntimeException e) {
            // Gone between the event and the inspect: nothing to monitor.
            log.debug("inspect of {} failed: {}", id, e.toString());
        }
    }

    @PreDestroy
    public void close() {
        executor.shutdownNow();
        try {
            if (events != null) {
                events.close();
            }
        } catch (IOException e) {
            log.debug("closing the Docker client: {}", e.toString());
        }
    }
}
