package io.kubemon.agent.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.kubemon.agent.AgentProperties;
import io.kubemon.agent.cgroup.CgroupReader;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.Notices;
import jakarta.annotation.PreDestroy;
import java.io.Closeable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

/**
 * Docker containers through docker-java, kept current from the engine's event stream (start,
 * die, destroy) rather than by listing every tick; each container is inspected once, when it
 * starts. The Docker stats API is not used: it blocks about a second per container.
 */
@Component
public class DockerDiscovery implements ContainerDiscovery {
    private static final Logger log = LoggerFactory.getLogger(DockerDiscovery.class);
    static final String NOTICE = "docker: ";

    private final String dockerHost;
    private final HostPaths paths;
    private final CgroupReader cgroups;
    private final Notices notices;
    private final Map<String, ContainerInfo> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor;
    private volatile DockerClient client;
    private volatile Closeable events;
    private volatile boolean connected;
    private volatile String engineVersion;

    public DockerDiscovery(AgentProperties properties, HostPaths paths, CgroupReader cgroups, Notices notices) {
        this.dockerHost = properties.dockerHost();
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

    public boolean connected() {
        return connected;
    }

    /** The Docker engine's version, once connected; null before. */
    public String engineVersion() {
        return engineVersion;
    }

    private void connect() {
        try {
            if (dockerHost.startsWith("unix://")) {
                Path socket = Path.of(URI.create(dockerHost).getPath());
                if (!Files.exists(socket)) {
                    unavailable("no Docker socket at " + socket + "; Docker containers are not monitored"
                            + " (containers under the kubepods cgroup tree still are)");
                    return;
                }
            }
            if (client == null) {
                DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                        .withDockerHost(dockerHost).build();
                client = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                        .dockerHost(config.getDockerHost()).maxConnections(4)
                        .connectionTimeout(Duration.ofSeconds(5)).build());
            }
            client.pingCmd().exec();
            try {
                engineVersion = client.versionCmd().exec().getVersion();
            } catch (RuntimeException e) {
                engineVersion = null; // not worth failing discovery for
            }
            // Subscribe first, then list: a container starting in between is seen by one or both.
            events = client.eventsCmd().withEventTypeFilter(EventType.CONTAINER)
                    .withEventFilter("start", "die", "destroy").exec(new EventCallback());
            List<Container> list = client.listContainersCmd().exec();
            running.keySet().retainAll(list.stream().map(Container::getId).toList());
            for (Container c : list) {
                add(c.getId());
            }
            connected = true;
            if (notices.all().stream().anyMatch(n -> n.startsWith(NOTICE))) {
                log.info("Docker engine at {} reachable again", dockerHost);
            }
            notices.removeIf(NOTICE);
            log.info("Docker engine at {}: {} running container(s)", dockerHost, running.size());
        } catch (RuntimeException e) {
            unavailable("Docker engine at " + dockerHost + " unreachable (" + e.getMessage() + ")");
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
            InspectContainerResponse c = client.inspectContainerCmd(id).exec();
            if (c.getState() == null || !Boolean.TRUE.equals(c.getState().getRunning())) {
                return;
            }
            Map<String, String> labels = c.getConfig() != null && c.getConfig().getLabels() != null
                    ? c.getConfig().getLabels() : Map.of();
            if (KubeletLabels.isSandbox(labels)) {
                return;
            }
            // By the id in the host's tree first: the path in /proc/<pid>/cgroup is relative to the
            // agent's own cgroup namespace, which is private in a pod. That path only where the
            // id names no directory (a runtime with its own naming), and only when it is absolute.
            Long pid = c.getState().getPidLong();
            String group = cgroups.groupById(id).orElseGet(() -> pid == null || pid <= 0 ? null
                    : cgroups.groupOf(paths.proc(Long.toString(pid), "cgroup")).filter(g -> !g.contains("/..")).orElse(null));
            if (group == null) {
                // Said once per container, never silently: its rows would be missing.
                log.warn("container {} ({}) is running but its cgroup is not found under {} (by its id, nor through "
                        + "/proc/{}/cgroup); it is not monitored", id, c.getName(), paths.cgroup(), pid);
                return;
            }
            String name = c.getName() != null && c.getName().startsWith("/") ? c.getName().substring(1) : c.getName();
            running.put(id, new ContainerInfo(id, name, c.getConfig() == null ? null : c.getConfig().getImage(),
                    labels.get(KubeletLabels.POD_NAME), labels.get(KubeletLabels.POD_NAMESPACE),
                    labels.get(KubeletLabels.CONTAINER_NAME), labels.get(KubeletLabels.POD_UID), "docker", group, null));
        } catch (RuntimeException e) {
            // Gone between the event and the inspect: nothing to monitor.
            log.debug("inspect of {} failed: {}", id, e.toString());
        }
    }

    private final class EventCallback extends ResultCallback.Adapter<Event> {
        @Override
        public void onNext(Event e) {
            String action = e.getAction() != null ? e.getAction() : e.getStatus();
            String id = e.getId();
            if (id == null || action == null) {
                return;
            }
            switch (action) {
                case "start" -> executor.execute(() -> add(id));
                case "die", "destroy" -> running.remove(id);
                default -> {
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            reconnect("event stream failed: " + t);
        }

        @Override
        public void onComplete() {
            reconnect("event stream ended");
        }

        private void reconnect(String why) {
            if (executor.isShutdown()) {
                return;
            }
            log.info("Docker {}; reconnecting", why);
            connected = false;
            executor.schedule(DockerDiscovery.this::connect, 1, TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    public void close() {
        executor.shutdownNow();
        try {
            if (events != null) {
                events.close();
            }
            if (client != null) {
                client.close();
            }
        } catch (Exception e) {
            log.debug("closing the Docker client: {}", e.toString());
        }
    }
}
