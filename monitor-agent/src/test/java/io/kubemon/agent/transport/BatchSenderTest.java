package io.kubemon.agent.transport;

import static io.kubemon.agent.transport.ScriptedCollector.ack;
import static io.kubemon.agent.transport.ScriptedCollector.ackWith;
import static io.kubemon.agent.transport.ScriptedCollector.refuse;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.agent.TestSupport;
import io.kubemon.agent.host.EventLog;
import io.kubemon.agent.host.Notices;
import io.kubemon.agent.sampling.RunAccounts;
import io.kubemon.common.wire.Event;
import io.kubemon.common.wire.EventKind;
import io.kubemon.testsupport.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sender's decisions, one by one, against a real HTTP server on loopback that acknowledges,
 * refuses (for now and for good), goes away and comes back: what is resent, what is dropped and
 * counted, what is discarded after a run's stop, and that order holds throughout. Every wait is
 * for a condition (the server's requests, the sender's counters).
 */
class BatchSenderTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    ScriptedCollector collector;
    BatchSender sender;
    RunAccounts ledger;
    AgentIdentity identity;
    EventLog events;
    HeartbeatTrigger heartbeat;

    @BeforeEach
    void start() throws Exception {
        collector = new ScriptedCollector();
        var props = TestSupport.properties(tmp);
        CollectorClient client = CollectorClientTest.clientOf(collector, tmp, "");
        identity = new AgentIdentity();
        identity.set("agent-1");
        ledger = new RunAccounts(props);
        events = new EventLog();
        heartbeat = new HeartbeatTrigger();
        sender = new BatchSender(
                client,
                identity,
                props,
                JsonMapper.builder().build(),
                heartbeat,
                new SimpleMeterRegistry(),
                ledger,
                new Notices(),
                events);
    }

    @AfterEach
    void stop() {
        sender.shutdown();
        collector.close();
    }

    private void enqueue(long... seqs) {
        for (long seq : seqs) {
            var b = CollectorClientTest.batch(seq);
            ledger.sampled(
                    b.runId(), b.samples().get(0).timestamp(), 1000, b.samples().size());
            sender.enqueue(b);
        }
    }

    @Test
    void acknowledgedBatchesLeaveInOrderEachOnce() throws Exception {
        enqueue(1, 2, 3, 4);
        Await.until("four batches acknowledged", WAIT, () -> sender.sentBatches() == 4);
        assertThat(collector.seqs()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(sender.queued()).isZero();
        assertThat(sender.sentRows()).isEqualTo(4);
        assertThat(sender.droppedRows()).isZero();
        assertThat(ledger.report("run-1").sentRows()).isEqualTo(4);
    }

    @Test
    void aRefusalForNowIsRetriedWithTheSameBatchUntilAcknowledged() throws Exception {
        collector.then(refuse(503, "busy", 1), refuse(507, "store_unavailable", 1), ack());
        enqueue(1, 2);
        Await.until("both batches acknowledged", WAIT, () -> sender.sentBatches() == 2);
        assertThat(collector.seqs())
                .as("batch 1 resent after each refusal, batch 2 only after it: order holds")
                .containsExactly(1L, 1L, 1L, 2L);
        assertThat(sender.failedSends()).isEqualTo(2);
        assertThat(sender.droppedRows()).isZero();
        assertThat(ledger.report("run-1").droppedRows()).isZero();
    }

    @Test
    void aRefusalForGoodIsDroppedCountedAndTheNextBatchGoesOn() throws Exception {
        collector.then(refuse(400, "invalid_sample", null), ack());
        enqueue(1, 2);
        Await.until("batch 2 acknowledged", WAIT, () -> sender.sentBatches() == 1);
        assertThat(collector.seqs())
                .as("batch 1 not resent: resending cannot change a 400")
                .containsExactly(1L, 2L);
        assertThat(sender.droppedRows()).isEqualTo(1);
        assertThat(ledger.report("run-1").droppedRows())
                .as("in the run's account")
                .isEqualTo(1);
    }

    @Test
    void aCollectorThatGoesAwayKeepsTheBatchesAndGetsThemInOrderWhenBack() throws Exception {
        collector.stop();
        enqueue(1, 2, 3);
        Await.until("a send refused by the closed port", WAIT, () -> sender.failedSends() >= 1);
        assertThat(sender.queued())
                .as("nothing leaves the queue while the port is closed")
                .isEqualTo(3);
        collector.restart();
        sender.collectorAnswered(); // as the control loop does when a heartbeat gets through
        Await.until("three batches acknowledged", WAIT, () -> sender.sentBatches() == 3);
        assertThat(collector.seqs()).containsExactly(1L, 2L, 3L);
        assertThat(sender.droppedRows()).isZero();
        List<Event> out = new ArrayList<>();
        events.drainTo(out, System.currentTimeMillis());
        assertThat(out).as("the outage is on the run's timeline").anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.COLLECTOR_UNREACHABLE);
            assertThat(e.detail()).contains("its batches were kept and sent after");
        });
    }

    @Test
    void anAgentTheCollectorForgotRegistersAgainAndResends() throws Exception {
        collector.then(refuse(404, "unknown_agent", null), ack());
        enqueue(1);
        Await.until("the identity given up", WAIT, () -> identity.agentId() == null);
        assertThat(sender.sentBatches())
                .as("the batch waits for the new registration")
                .isZero();
        identity.set("agent-1"); // the control loop registered again: same node, same id
        sender.collectorAnswered();
        Await.until("batch 1 acknowledged", WAIT, () -> sender.sentBatches() == 1);
        assertThat(collector.seqs()).containsExactly(1L, 1L);
    }

    @Test
    void batchesOfTicksAfterTheStopLearntFromAnAnswerAreDiscardedNotDropped() throws Exception {
        // Batch 1's answer says the run stopped at 1.5 s: batches 2 and 3 (ticks at 2 s and 3 s) are not the run's.
        collector.then(ackWith(b -> ",\"stopAtMs\":1500"));
        enqueue(1);
        Await.until("batch 1 acknowledged", WAIT, () -> sender.sentBatches() == 1);
        enqueue(2, 3);
        Await.until("the queue emptied", WAIT, () -> sender.queued() == 0);
        assertThat(collector.seqs()).containsExactly(1L);
        assertThat(sender.droppedRows()).as("discarded, not dropped").isZero();
        assertThat(ledger.report("run-1").sampledRows())
                .as("they leave the sampled count")
                .isEqualTo(1);
        assertThat(ledger.report("run-1").drained()).isTrue();
    }

    @Test
    void aRefusalWithRetryAfterIsNotResentSooner() throws Exception {
        collector.then(refuse(503, "busy", 1), ack());
        enqueue(1);
        Await.until("a refusal with Retry-After: 1", WAIT, () -> sender.failedSends() == 1);
        sender.collectorAnswered(); // a heartbeat getting through does not cut a Retry-After short
        Await.until("batch 1 acknowledged", WAIT, () -> sender.sentBatches() == 1);
        List<ScriptedCollector.Request> sends = collector.requestsTo(io.kubemon.common.wire.Paths.BATCHES);
        assertThat(sends).hasSize(2);
        long gapMs = (sends.get(1).atNanos() - sends.get(0).atNanos()) / 1_000_000;
        assertThat(gapMs)
                .as("the resend waited the collector's Retry-After (1 s)")
                .isGreaterThanOrEqualTo(990);
    }
}
