package io.kubemon.agent.transport;

import io.kubemon.agent.config.AgentProperties;
import io.kubemon.agent.config.NodeName;
import io.kubemon.agent.host.MalformedFields;
import io.kubemon.agent.host.Notices;
import io.kubemon.agent.sampling.RunAccounts;
import io.kubemon.agent.sampling.Sampler;
import io.kubemon.common.wire.DesiredState;
import io.kubemon.common.wire.Heartbeat;
import io.kubemon.common.wire.Registration;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Registers with the collector (retrying with backoff until it answers), then heartbeats and
 * applies the desired state each answer carries. The collector never calls the agent, so
 * agents behind NAT or a NetworkPolicy work unchanged.
 */
@Component
public class ControlLoop {
    private static final Logger log = LoggerFactory.getLogger(ControlLoop.class);

    private final CollectorClient client;
    private final AgentIdentity identity;
    private final Sampler sampler;
    private final AgentProperties properties;
    private final NodeName node;
    private final Environment environment;
    private final Notices notices;
    private final MalformedFields malformed;
    private final BatchSender sender;
    private final HeartbeatTrigger trigger;
    private final RunAccounts ledger;
    private final io.kubemon.agent.inventory.NodeInventoryProbe inventory;
    private final io.kubemon.agent.container.DockerDiscovery docker;
    private volatile boolean running = true;
    private volatile boolean collectorReachable;
    /** Registrations and heartbeats that got no answer, or an error: each retried with backoff. */
    private final java.util.concurrent.atomic.AtomicLong failedCalls = new java.util.concurrent.atomic.AtomicLong();

    private Thread thread;

    public ControlLoop(
            CollectorClient client,
            AgentIdentity identity,
            Sampler sampler,
            AgentProperties properties,
            NodeName node,
            Environment environment,
            Notices notices,
            BatchSender sender,
            HeartbeatTrigger trigger,
            RunAccounts ledger,
            io.kubemon.agent.inventory.NodeInventoryProbe inventory,
            org.springframework.beans.factory.ObjectProvider<io.kubemon.agent.container.DockerDiscovery> docker,
            MalformedFields malformed) {
        this.malformed = malformed;
        this.inventory = inventory;
        this.docker = docker.getIfAvailable();
        this.trigger = trigger;
        this.ledger = ledger;
        this.notices = notices;
        this.sender = sender;
        this.client = client;
        this.identity = identity;
        this.sampler = sampler;
        this.properties = properties;
        this.node = node;
        this.environment = environment;
    }

    /** Starts once the web server is up, so the advertised address has its real port. */
    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        thread = new Thread(this::loop, "kubemon-control");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        // Capped at 5 s: a heartbeat is tiny, and a collector back from a restart must hear from
        // its agents within seconds (the stop of a run waits for them), not after a 30-s backoff.
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5));
        while (running) {
            long pause = properties.heartbeatInterval().toMillis();
            try {
                if (identity.agentId() == null) {
                    identity.set(client.register(registration()).agentId());
                    log.info("registered with {} as {} (node {})", client.target(), identity.agentId(), node.value());
                    collectorReachable = true; // it answered: a heartbeat that fails next is logged
                    sender.collectorAnswered();
                }
                malformed.report(notices);
                apply(client.heartbeat(
                        identity.agentId(),
                        new Heartbeat(
                                notices.all(),
                                sender.droppedRows(),
                                (long) sender.queued(),
                                sampler.runId(),
                                sampler.runId() == null ? null : sender.droppedRows(sampler.runId()),
                                ledger.reports())));
                sender.collectorAnswered();
                if (!collectorReachable) {
                    collectorReachable = true;
                }
                backoff.reset();
                // While a run's batches are being acknowledged they prove both sides alive, and a
                // stop shows up as a refused batch (which triggers a heartbeat at once). Heartbeats
                // then only carry notices and counts: every 5 s is enough, and saves most of their cost.
                if (sampler.runId() != null && sender.ackedWithin(3L * Math.max(1, sampler.intervalMs()) * 1_000_000)) {
                    pause = Math.max(pause, SAMPLING_HEARTBEAT_MS);
                }
            } catch (CollectorException e) {
                if (e.status() == 404) {
                    log.info("the collector no longer knows agent {}; registering again", identity.agentId());
                    identity.invalidate();
                    pause = 0;
                } else {
                    failedCalls.incrementAndGet();
                    if (collectorReachable || identity.agentId() == null) {
                        log.warn(
                                "{}; retrying with backoff{}",
                                e.getMessage(),
                                sampler.runId() != null ? " while sampling run " + sampler.runId() + " goes on" : "");
                    }
                    collectorReachable = false;
                    pause = backoff.nextDelayMs();
                }
            } catch (RuntimeException e) {
                log.error("control loop error", e);
                pause = backoff.nextDelayMs();
            }
            try {
                trigger.await(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Heartbeat period while batches flow; see the loop. */
    static final long SAMPLING_HEARTBEAT_MS = 5000;

    private void apply(DesiredState state) {
        if (state.collecting()) {
            if (!Objects.equals(state.runId(), sampler.runId())) {
                sampler.stop();
                sampler.start(state.runId(), state.intervalMs());
            }
            return;
        }
        // Stopped at an instant (the sampler stops below, whatever run it samples): nothing after it
        // is sampled or sent, what came before is delivered.
        if (state.runId() != null && state.stopAtMs() != null) {
            if (ledger.stop(state.runId(), state.stopAtMs())) {
                sender.runStopped(state.runId());
            }
        }
        if (sampler.runId() != null) {
            sampler.stop();
        }
    }

    private Registration registration() {
        String address = properties.advertiseAddress();
        if (address == null || address.isBlank()) {
            address = "http://" + node.value() + ":" + environment.getProperty("local.server.port", "8081");
        }
        List<String> monitors = sampler.sources().stream()
                .map(s -> s.table().monitor())
                .distinct()
                .toList();
        // Probed at each registration (not per tick): the Docker engine may have come up meanwhile.
        boolean docker = this.docker != null && this.docker.connected();
        return new Registration(
                node.value(),
                address,
                monitors,
                inventory.probe(docker ? "docker" : null, docker ? this.docker.engineVersion() : null),
                true);
    }

    public boolean collectorReachable() {
        return collectorReachable;
    }

    /** Calls to the collector that failed (no answer, or an error other than "unknown agent"). */
    public long failedCalls() {
        return failedCalls.get();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void shutdown() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
