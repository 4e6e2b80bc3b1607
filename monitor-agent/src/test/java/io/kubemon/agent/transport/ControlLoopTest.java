package io.kubemon.agent.transport;

import static io.kubemon.agent.transport.ScriptedCollector.json;
import static io.kubemon.agent.transport.ScriptedCollector.refuse;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.agent.TestSupport;
import io.kubemon.agent.cgroup.CgroupFs;
import io.kubemon.agent.config.AgentProperties;
import io.kubemon.agent.config.NodeName;
import io.kubemon.agent.host.EventLog;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.Notices;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.inventory.NodeInventoryProbe;
import io.kubemon.agent.sampling.RunAccounts;
import io.kubemon.agent.sampling.RunSequence;
import io.kubemon.agent.sampling.Sampler;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.schema.OsTables;
import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.Paths;
import io.kubemon.common.wire.Sample;
import io.kubemon.testsupport.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent's control loop against a real HTTP server on loopback: it registers (again and again
 * while the collector is away, and anew when the collector forgets it), heartbeats with its run
 * accounts, and does what each answer says: start sampling a run, stop at the run's stop instant.
 */
class ControlLoopTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    ScriptedCollector collector;
    Sampler sampler;
    RunAccounts accounts;
    ControlLoop loop;
    BatchSender sender;
    /** What the next heartbeat is answered with. */
    final AtomicReference<String> desired =
            new AtomicReference<>("{\"collecting\":false,\"runId\":null,\"outputDir\":null,\"intervalMs\":0}");

    /** A source with no files to read: the loop's decisions are under test, not the rows. */
    static final class NoRows implements io.kubemon.agent.sampling.MetricSource {
        @Override
        public Table table() {
            return OsTables.OS;
        }

        @Override
        public void sample(Tick tick, Consumer<Sample> out) {}

        @Override
        public void reset() {}
    }

    @BeforeEach
    void start() throws Exception {
        collector = new ScriptedCollector();
        collector.route(Paths.REGISTER, () -> json("{\"agentId\":\"agent-1\"}"));
        collector.route("/heartbeat", () -> json(desired.get()));
        AgentProperties props = TestSupport.properties(tmp);
        CollectorClient client = CollectorClientTest.clientOf(collector, tmp, "");
        AgentIdentity identity = new AgentIdentity();
        accounts = new RunAccounts(props);
        HeartbeatTrigger trigger = new HeartbeatTrigger();
        EventLog events = new EventLog();
        Notices notices = new Notices();
        sender = new BatchSender(
                client,
                identity,
                props,
                JsonMapper.builder().build(),
                trigger,
                new SimpleMeterRegistry(),
                accounts,
                notices,
                events);
        sampler = new Sampler(
                List.of(new NoRows()),
                sender,
                new NodeName("n1"),
                Clock.systemUTC(),
                new RunSequence(props),
                new SimpleMeterRegistry(),
                accounts,
                TestSupport.malformed(),
                events);
        HostPaths paths = TestSupport.paths(tmp);
        loop = new ControlLoop(
                client,
                identity,
                sampler,
                props,
                new NodeName("n1"),
                new StandardEnvironment(),
                notices,
                sender,
                trigger,
                accounts,
                new NodeInventoryProbe(paths, new CgroupFs(paths), new ProcFiles()),
                new StaticListableBeanFactory().getBeanProvider(io.kubemon.agent.container.DockerDiscovery.class),
                TestSupport.malformed());
    }

    @AfterEach
    void stop() {
        loop.shutdown();
        sampler.stop();
        sender.shutdown();
        collector.close();
    }

    @Test
    void registersThenDoesWhatEachHeartbeatSays() throws Exception {
        loop.start();
        Await.until(
                "registered and heartbeating",
                WAIT,
                () -> !collector.requestsTo("/heartbeat").isEmpty());
        assertThat(collector
                        .requestsTo(Paths.REGISTER)
                        .get(0)
                        .body()
                        .get("nodeName")
                        .asString())
                .isEqualTo("n1");
        assertThat(sampler.runId()).as("idle: nothing sampled").isNull();

        desired.set("{\"collecting\":true,\"runId\":\"run-1\",\"outputDir\":\"exp\",\"intervalMs\":200}");
        Await.until("sampling run-1", WAIT, () -> "run-1".equals(sampler.runId()));
        assertThat(sampler.intervalMs()).isEqualTo(200);

        long stopAt = System.currentTimeMillis();
        desired.set("{\"collecting\":false,\"runId\":\"run-1\",\"outputDir\":\"exp\",\"intervalMs\":200,\"stopAtMs\":"
                + stopAt + "}");
        Await.until("sampling stopped", WAIT, () -> sampler.runId() == null);
        assertThat(accounts.stopAt("run-1")).as("the stop instant, learnt").isEqualTo(stopAt);
        Await.until(
                "the run's account in a heartbeat",
                WAIT,
                () -> collector.requestsTo("/heartbeat").stream()
                        .anyMatch(r -> r.body()
                                .path("runs")
                                .valueStream()
                                .anyMatch(a -> a.path("runId").asString("").equals("run-1")
                                        && a.path("stopAtMs").asLong(0) == stopAt)));
    }

    @Test
    void aCollectorThatIsAwayIsRegisteredWithOnceItAnswers() throws Exception {
        collector.stop();
        loop.start();
        Await.until("a registration refused by the closed port", WAIT, () -> loop.failedCalls() >= 1);
        assertThat(loop.collectorReachable()).isFalse();
        collector.restart();
        Await.until("registered once the collector answers", WAIT, () -> loop.collectorReachable());
        assertThat(collector.requestsTo(Paths.REGISTER)).hasSize(1);
    }

    @Test
    void anAgentTheCollectorForgotRegistersAgain() throws Exception {
        // The collector forgets the agent: every heartbeat is refused until the agent registers again.
        collector.route(
                "/heartbeat",
                () -> collector.requestsTo(Paths.REGISTER).size() < 2
                        ? refuse(404, "unknown_agent", null)
                        : json(desired.get()));
        loop.start();
        Await.until(
                "registered a second time",
                WAIT,
                () -> collector.requestsTo(Paths.REGISTER).size() >= 2);
        Await.until(
                "heartbeating again",
                WAIT,
                () -> collector.requestsTo("/heartbeat").size()
                        > collector.requestsTo(Paths.REGISTER).size());
    }
}
