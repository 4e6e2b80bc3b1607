package io.kubemon.agent.transport;

import static io.kubemon.agent.transport.ScriptedCollector.ack;
import static io.kubemon.agent.transport.ScriptedCollector.ackWith;
import static io.kubemon.agent.transport.ScriptedCollector.refuse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubemon.agent.TestSupport;
import io.kubemon.agent.config.AgentProperties;
import io.kubemon.common.wire.BatchAck;
import io.kubemon.common.wire.Sample;
import io.kubemon.common.wire.SampleBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent's HTTP client against a real server on loopback: what each answer of the collector
 * (an acknowledgement, a refusal, no answer, a closed port) becomes, which the sender's retry and
 * drop decisions are made of ({@link CollectorException#permanent}, {@code afterStop}, status 0).
 */
class CollectorClientTest {
    @TempDir
    Path tmp;

    ScriptedCollector collector;
    CollectorClient client;

    static SampleBatch batch(long seq) {
        return new SampleBatch(
                "agent-1", "run-1", seq, List.of(new Sample("os", "n1", 1_000 * seq, 1000, Map.of("cpu_count", 2))));
    }

    /** A client of the scripted collector; the stall case waits out its request timeout. */
    static CollectorClient clientOf(ScriptedCollector c, Path spool, String token) {
        AgentProperties p = TestSupport.properties(spool);
        AgentProperties props = new AgentProperties(
                c.url(),
                p.nodeName(),
                null,
                p.procRoot(),
                p.sysRoot(),
                p.cgroupRoot(),
                p.heartbeatInterval(),
                Duration.ofSeconds(3),
                p.maxQueuedBatches(),
                p.diskExclude(),
                p.dockerHost(),
                true,
                spool.resolve("spool"),
                p.spoolMaxBytes(),
                null,
                null);
        return new CollectorClient(
                props, WebClient.builder(), token, JsonMapper.builder().build());
    }

    @BeforeEach
    void start() throws Exception {
        collector = new ScriptedCollector();
        client = clientOf(collector, tmp, "s3cret");
    }

    @AfterEach
    void stop() {
        collector.close();
    }

    @Test
    void anAcknowledgementIsDecodedAndTheBatchWentAsJsonWithTheToken() {
        collector.then(ackWith(b -> ",\"stopAtMs\":4242"));
        BatchAck ack = client.send(batch(7));
        assertThat(ack.seq()).isEqualTo(7);
        assertThat(ack.stopAtMs()).as("the run's stop, learnt from the answer").isEqualTo(4242L);
        ScriptedCollector.Request r = collector.requests.peek();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo(io.kubemon.common.wire.Paths.BATCHES);
        assertThat(r.authorization()).isEqualTo("Bearer s3cret");
        assertThat(r.body().get("agentId").asString()).isEqualTo("agent-1");
        assertThat(r.body().get("runId").asString()).isEqualTo("run-1");
    }

    @Test
    void aFullVolumeOrABusyCollectorIsARefusalWorthRetrying() {
        collector.then(refuse(507, "store_unavailable", 2), refuse(503, "busy", 1));
        for (int status : new int[] {507, 503}) {
            CollectorException e = catchThrowableOfType(CollectorException.class, () -> client.send(batch(1)));
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.permanent())
                    .as(status + " is not for good: the batch is kept")
                    .isFalse();
            assertThat(e.getMessage())
                    .contains("batch 1 refused with " + status)
                    .contains("scripted " + status);
            assertThat(e.retryAfterMs()).as("the collector's Retry-After").isEqualTo(status == 507 ? 2000 : 1000);
        }
    }

    @Test
    void anInvalidBatchIsRefusedForGoodAndARunsStopIsTold() {
        collector.then(
                refuse(400, "invalid_sample", null),
                refuse(409, "after_stop", null),
                refuse(404, "unknown_agent", null));
        CollectorException invalid = catchThrowableOfType(CollectorException.class, () -> client.send(batch(1)));
        assertThat(invalid.permanent()).isTrue();
        assertThat(invalid.retryAfterMs()).as("no Retry-After given").isZero();
        assertThat(invalid.afterStop()).isFalse();
        CollectorException afterStop = catchThrowableOfType(CollectorException.class, () -> client.send(batch(2)));
        assertThat(afterStop.permanent()).isTrue();
        assertThat(afterStop.afterStop())
                .as("a tick after the run's stop: discarded, not dropped")
                .isTrue();
        CollectorException unknown = catchThrowableOfType(CollectorException.class, () -> client.send(batch(3)));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.permanent())
                .as("an agent the collector forgot registers again and resends")
                .isFalse();
    }

    @Test
    void aClosedPortIsStatusZeroInWordsAndARestartedCollectorIsReachedAgain() throws Exception {
        collector.stop();
        CollectorException down = catchThrowableOfType(CollectorException.class, () -> client.send(batch(1)));
        assertThat(down.status()).isZero();
        assertThat(down.permanent()).isFalse();
        assertThat(down.getMessage()).startsWith("batch 1 failed: collector unreachable (");
        collector.restart();
        collector.then(ack());
        assertThat(client.send(batch(1)).seq()).isEqualTo(1);
    }

    @Test
    void aCollectorThatDoesNotAnswerIsGivenUpAtTheRequestTimeout() {
        collector.then(collector.stall());
        assertThatThrownBy(() -> client.send(batch(1)))
                .isInstanceOfSatisfying(CollectorException.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.permanent()).isFalse();
                })
                .hasMessageContaining("collector unreachable");
        collector.release();
    }
}
