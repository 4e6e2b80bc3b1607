package io.kubemon.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Collectors and agents as separate JVMs on loopback, started from the built jars in a test's
 * work directory: what the fault and drain tests share. Agents sample the host tables only (the
 * faults, not container discovery, are under test) and keep their spool under the work directory.
 */
final class LocalCluster implements BeforeEachCallback, AfterEachCallback {
    private Path work;
    private final Http http = new Http();
    private final List<ServiceProcess> started = new ArrayList<>();
    /** An extension jar on every service's class path, or null. */
    private Path extension;

    /** Every collector and agent started with this extension jar on its class path. */
    LocalCluster withExtension(Path jar) {
        this.extension = jar;
        return this;
    }

    /** A fresh work directory for each test. */
    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        work = Files.createTempDirectory("kubemon-e2e-");
        started.clear();
    }

    /** Every process the test started is stopped (its warnings and log tail printed), and the directory removed. */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (ServiceProcess p : started) {
            p.close();
        }
        started.clear();
        try (var walk = Files.walk(work)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The processes started, in order. */
    List<ServiceProcess> started() {
        return List.copyOf(started);
    }

    Path work() {
        return work;
    }

    Path data() {
        return work.resolve("data");
    }

    ServiceProcess collector(int port, String... extra) throws Exception {
        return collector(port, data(), extra);
    }

    /** A collector with a data directory of its own (each member of a collector group has one). */
    ServiceProcess collector(int port, Path dataDir, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--kubemon.collector.data-dir=" + dataDir,
                "--kubemon.collector.agent-timeout=60s"));
        args.addAll(List.of(extra));
        return started(ServiceProcess.start(
                "collector-service", work.resolve("collector-" + started.size()), args, extension));
    }

    /**
     * Starts an agent of the host only (no containers, no processes) on a port of its own choosing;
     * {@link ServiceProcess#awaitPort()} tells which.
     */
    ServiceProcess agent(String node, int collectorPort, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--kubemon.agent.sources.container=false",
                "--kubemon.agent.sources.process=false",
                "--kubemon.agent.kubelet-cgroups=false",
                "--kubemon.agent.docker-host=unix:///nonexistent.sock"));
        args.addAll(List.of(extra));
        return fullAgent(node, collectorPort, args.toArray(String[]::new));
    }

    /** An agent with every default source on: the host's Docker engine's containers and their processes too. */
    ServiceProcess fullAgent(String node, int collectorPort, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--kubemon.agent.collector-url=http://127.0.0.1:" + collectorPort,
                "--kubemon.agent.node-name=" + node,
                "--kubemon.agent.request-timeout=2s",
                "--kubemon.agent.spool-dir=" + work.resolve("spool-" + node)));
        args.addAll(List.of(extra));
        return started(ServiceProcess.start(
                "monitor-agent", work.resolve("agent-" + node + "-" + started.size()), args, extension));
    }

    /**
     * A collector on a free port, ready, with one agent on {@code node} connected: the host's
     * sources only, or ({@code full}) every default source, the Docker engine's containers too.
     * Returns the collector's port.
     */
    int withOneAgent(String node, boolean full) throws Exception {
        int port = collector(0).awaitPort();
        awaitReady(port);
        if (full) {
            fullAgent(node, port);
        } else {
            agent(node, port);
        }
        awaitConnected(port, 1);
        return port;
    }

    private ServiceProcess started(ServiceProcess p) {
        started.add(p);
        return p;
    }

    void awaitReady(int collectorPort) throws Exception {
        Http.await("collector readiness", Duration.ofSeconds(120), () -> {
            try {
                return http.call("GET", "http://127.0.0.1:" + collectorPort + "/actuator/health/readiness", null)
                                .get("status")
                                .asString()
                                .equals("UP")
                        ? true
                        : null;
            } catch (AssertionError notYet) {
                return null; // 503 OUT_OF_SERVICE: listening, still starting (a resumed run's recovery)
            }
        });
    }

    /** The collector's status once run {@code runId} has finished. */
    tools.jackson.databind.JsonNode awaitFinished(int collectorPort, String runId, Duration timeout) throws Exception {
        return Http.await("run " + runId + " finished", timeout, () -> {
            tools.jackson.databind.JsonNode s = http.call("GET", "http://127.0.0.1:" + collectorPort + "/status", null);
            return s.get("runId").asString().equals(runId)
                            && s.get("state").asString().equals("finished")
                    ? s
                    : null;
        });
    }

    void awaitConnected(int collectorPort, int agents) throws Exception {
        Http.await(
                agents + " connected agents",
                Duration.ofSeconds(120),
                () -> http.call("GET", "http://127.0.0.1:" + collectorPort + "/instances", null)
                                        .get("instances")
                                        .valueStream()
                                        .filter(i -> i.get("state").asString().equals("CONNECTED"))
                                        .count()
                                == agents
                        ? true
                        : null);
    }
}
