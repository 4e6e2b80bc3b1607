package io.kubemon.agent.transport;

import io.kubemon.agent.AgentProperties;
import io.kubemon.agent.sampling.BatchSink;
import io.kubemon.common.wire.Batch;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends batches to the collector in order, one at a time, from its own thread. A batch leaves
 * the spool only when the collector acknowledged it (a duplicate acknowledgement counts: it was
 * written before), or refused it for good (the run ended, the batch is invalid): those rows are
 * counted and logged as dropped, never lost silently. While the collector is unreachable the same
 * batch is retried with exponential backoff and jitter; sampling goes on and batches pile up in
 * memory, then in the spool directory, up to its limit.
 */
@Component
public class BatchSender implements BatchSink {
    private static final Logger log = LoggerFactory.getLogger(BatchSender.class);

    private final CollectorClient client;
    private final AgentIdentity identity;
    private final Spool spool;
    private final Thread thread;
    private final Object signal = new Object();
    private final AtomicLong sentBatches = new AtomicLong();
    private final AtomicLong sentRows = new AtomicLong();
    private final AtomicLong droppedRows = new AtomicLong();
    private final Map<String, AtomicLong> droppedByRun = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile boolean busy;

    private final HeartbeatTrigger heartbeat;
    private volatile long lastAckNanos;

    public BatchSender(CollectorClient client, AgentIdentity identity, AgentProperties properties, JsonMapper json,
                       HeartbeatTrigger heartbeat, io.micrometer.core.instrument.MeterRegistry registry) {
        this.client = client;
        this.heartbeat = heartbeat;
        this.identity = identity;
        this.spool = new Spool(properties.maxQueuedBatches(), properties.spoolMaxBytes(), properties.spoolDir(), json);
        io.micrometer.core.instrument.Gauge.builder("kubemon.agent.queue.batches", spool, Spool::size)
                .description("Batches waiting to be sent, in memory and spooled").register(registry);
        io.micrometer.core.instrument.Gauge.builder("kubemon.agent.spool.bytes", spool, Spool::spooledBytes)
                .description("Bytes of batches in the spool directory").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("kubemon.agent.rows.dropped", droppedRows, AtomicLong::get)
                .description("Rows dropped: spool overflow, or refused for good by the collector").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("kubemon.agent.rows.sent", sentRows, AtomicLong::get)
                .description("Rows acknowledged by the collector").register(registry);
        this.thread = new Thread(this::loop, "kubemon-sender");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a batch; past the spool limit the oldest batch is dropped and counted. */
    @Override
    public void enqueue(Batch batch) {
        List<Spool.Dropped> dropped = spool.add(batch);
        for (Spool.Dropped d : dropped) {
            count(d.runId(), d.rows());
            log.error("dropped batch {} of run {} ({} rows): the spool is over kubemon.agent.spool-max-bytes",
                    d.seq(), d.runId(), d.rows());
        }
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void loop() {
        Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
        boolean outage = false;
        while (running) {
            Batch batch = spool.peek();
            if (batch == null) {
                synchronized (signal) {
                    try {
                        // enqueue() notifies under the same lock, so checking again here cannot miss
                        // a batch; the timeout is only a safety net (polling every 200 ms showed in
                        // the CPU profile).
                        if (spool.size() == 0) {
                            signal.wait(10_000);
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                continue;
            }
            String agentId = identity.agentId();
            if (agentId == null) {
                // Not registered (yet, or again after the collector forgot us): the control loop
                // is on it. The batch waits; it is stamped with the identity when it is sent, so a
                // batch made while unregistered is never refused for lacking one.
                sleep(100);
                continue;
            }
            busy = true;
            try {
                var ack = client.send(new Batch(agentId, batch.runId(), batch.seq(), batch.samples()));
                spool.remove();
                lastAckNanos = System.nanoTime();
                sentBatches.incrementAndGet();
                sentRows.addAndGet(batch.samples().size());
                log.debug("acknowledged batch {} of run {} ({} rows{})", batch.seq(), batch.runId(),
                        batch.samples().size(), ack != null && ack.duplicate() ? ", already written" : "");
                if (outage) {
                    log.info("collector reachable again; sending the {} queued batch(es)", spool.size());
                    outage = false;
                }
                backoff.reset();
            } catch (CollectorException e) {
                if (e.permanent()) {
                    spool.remove();
                    drop(batch, e);
                    if (e.status() == 409) {
                        heartbeat.now(); // the run ended: learn it now, not at the next heartbeat
                    }
                    continue;
                }
                if (e.status() == 404) {
                    identity.invalidate(); // the control loop registers again; same node, same id
                }
                if (!outage) {
                    log.warn("{}; keeping it and retrying with backoff", e.getMessage());
                    outage = true;
                }
                sleep(backoff.nextDelayMs());
            } finally {
                busy = false;
            }
        }
    }

    private void drop(Batch batch, CollectorException refusal) {
        count(batch.runId(), batch.samples().size());
        if (refusal.status() == 409) {
            // The run was stopped between this batch's tick and its delivery: expected at every
            // stop, so a warning, but still counted and named.
            log.warn("batch {} of run {} ({} rows) arrived after the run ended and is not in its files: {}",
                    batch.seq(), batch.runId(), batch.samples().size(), refusal.getMessage());
        } else {
            log.error("dropped batch {} of run {} ({} rows): {}", batch.seq(), batch.runId(), batch.samples().size(),
                    refusal.getMessage());
        }
    }

    private void count(String runId, int rows) {
        droppedRows.addAndGet(rows);
        if (runId != null) {
            droppedByRun.computeIfAbsent(runId, k -> new AtomicLong()).addAndGet(rows);
        }
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until everything queued was handed over, at most {@code timeout}. */
    public boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((spool.size() > 0 || busy) && System.nanoTime() < deadline) {
            sleep(20);
        }
        return spool.size() == 0 && !busy;
    }

    @PreDestroy
    void shutdown() {
        if (!drain(Duration.ofSeconds(5))) {
            log.warn("shutting down with {} unsent batch(es); those in the spool directory are sent after a restart",
                    spool.size());
        }
        running = false;
        thread.interrupt();
    }

    /** Whether the collector acknowledged a batch within {@code nanos}: batches are then proof of life. */
    public boolean ackedWithin(long nanos) {
        long last = lastAckNanos;
        return last != 0 && System.nanoTime() - last < nanos;
    }

    public int queued() {
        return spool.size();
    }

    public int spooled() {
        return spool.spooled();
    }

    public long sentBatches() {
        return sentBatches.get();
    }

    public long sentRows() {
        return sentRows.get();
    }


    public long droppedRows() {
        return droppedRows.get();
    }

    public long droppedRows(String runId) {
        AtomicLong n = runId == null ? null : droppedByRun.get(runId);
        return n == null ? 0 : n.get();
    }
}
