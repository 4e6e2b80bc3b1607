package io.kubemon.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collectors and agents as separate JVMs on loopback, started from the built jars in a test's
 * work directory: what the fault and drain tests share. Agents sample the host tables only (the
 * faults, not container discovery, are under test) and keep their spool under the work directory.
 */
final class LocalCluster implements AutoCloseable {
    private final Path work;
    private final Http http = new Http();
    private final List<ServiceProcess> started = new ArrayList<>();

    LocalCluster(Path work) {
        this.work = work;
    }

    Path data() {
        return work.resolve("data");
    }

    ServiceProcess collector(int port, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--server.port=" + port,
                "--kubemon.collector.data-dir=" + data(), "--kubemon.collector.agent-timeout=60s"));
        args.addAll(List.of(extra));
        return started(ServiceProcess.start("collector-service", work.resolve("collector-" + started.size()), args));
    }

    /** Starts an agent on a port of its own choosing; {@link ServiceProcess#awaitPort()} tells which. */
    ServiceProcess agent(String node, int collectorPort, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--kubemon.agent.collector-url=http://127.0.0.1:" + collectorPort,
                "--kubemon.agent.node-name=" + node,
                "--kubemon.agent.request-timeout=2s",
                "--kubemon.agent.spool-dir=" + work.resolve("spool-" + node),
                "--kubemon.agent.sources.container=false", "--kubemon.agent.sources.process=false",
                "--kubemon.agent.kubelet-cgroups=false", "--kubemon.agent.docker-host=unix:///nonexistent.sock"));
        args.addAll(List.of(extra));
        return started(ServiceProcess.start("monitor-agent", work.resolve("agent-" + node + "-" + started.size()), args));
    }

    private ServiceProcess started(ServiceProcess p) {
        started.add(p);
        return p;
    }

    void awaitReady(int collectorPort) throws Exception {
        Http.await("collector readiness", Duration.ofSeconds(120), () ->
                http.call("GET", "http://127.0.0.1:" + collectorPort + "/actuator/health/readiness", null)
                        .get("status").asString().equals("UP") ? true : null);
    }

    void awaitConnected(int collectorPort, int agents) throws Exception {
        Http.await(agents + " connected agents", Duration.ofSeconds(120), () ->
                http.call("GET", "http://127.0.0.1:" + collectorPort + "/instances", null).get("instances").valueStream()
                        .filter(i -> i.get("state").asString().equals("CONNECTED")).count() == agents ? true : null);
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess p : started) {
            p.close();
        }
    }
}
