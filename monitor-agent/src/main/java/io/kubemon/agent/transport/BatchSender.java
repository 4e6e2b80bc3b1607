package io.kubemon.agent.transport;

import io.kubemon.agent.AgentProperties;
import io.kubemon.agent.sampling.BatchSink;
import io.kubemon.common.wire.Batch;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends batches to the collector in order, one at a time, from its own thread. A batch leaves
 * the queue only when the collector acknowledged it, or refused it for good (the run ended, the
 * batch is invalid): those rows are counted and logged as dropped, never lost silently. While
 * the collector is unreachable the same batch is retried with backoff and sampling goes on.
 */
@Component
public class BatchSender implements BatchSink {
    private static final Logger log = LoggerFactory.getLogger(BatchSender.class);

    private final CollectorClient client;
    private final AgentIdentity identity;
    private final LinkedBlockingDeque<Batch> queue;
    private final Thread thread;
    private final AtomicLong sentBatches = new AtomicLong();
    private final AtomicLong sentRows = new AtomicLong();
    private final AtomicLong droppedBatches = new AtomicLong();
    private final AtomicLong droppedRows = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean busy;

    public BatchSender(CollectorClient client, AgentIdentity identity, AgentProperties properties) {
        this.client = client;
        this.identity = identity;
        this.queue = new LinkedBlockingDeque<>(Math.max(1, properties.maxQueuedBatches()));
        this.thread = new Thread(this::loop, "kubemon-sender");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a batch; when the queue is full the oldest batch is dropped and counted. */
    @Override
    public void enqueue(Batch batch) {
        while (!queue.offerLast(batch)) {
            Batch oldest = queue.pollFirst();
            if (oldest != null) {
                droppedBatches.incrementAndGet();
                droppedRows.addAndGet(oldest.samples().size());
                log.error("dropped batch {} of run {} ({} rows): the send queue is full (kubemon.agent.max-queued-batches)",
                        oldest.seq(), oldest.runId(), oldest.samples().size());
            }
        }
    }

    private void loop() {
        Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
        boolean outage = false;
        while (running) {
            Batch batch;
            try {
                batch = queue.pollFirst(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch == null) {
                continue;
            }
            busy = true;
            try {
                for (;;) {
                    try {
                        client.send(batch);
                        sentBatches.incrementAndGet();
                        sentRows.addAndGet(batch.samples().size());
                        if (outage) {
                            log.info("collector reachable again; sending the {} queued batch(es)", queue.size());
                            outage = false;
                        }
                        backoff.reset();
                        break;
                    } catch (CollectorException e) {
                        if (e.permanent()) {
                            drop(batch, e);
                            break;
                        }
                        if (e.status() == 404) {
                            identity.invalidate(); // the control loop registers again; same node, same id
                        }
                        if (!outage) {
                            log.warn("{}; keeping it and retrying with backoff", e.getMessage());
                            outage = true;
                        }
                        if (!running) {
                            return;
                        }
                        sleep(backoff.nextDelayMs());
                    }
                }
            } finally {
                busy = false;
            }
        }
    }

    private void drop(Batch batch, CollectorException refusal) {
        droppedBatches.incrementAndGet();
        droppedRows.addAndGet(batch.samples().size());
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
        while ((!queue.isEmpty() || busy) && System.nanoTime() < deadline) {
            sleep(20);
        }
        return queue.isEmpty() && !busy;
    }

    @PreDestroy
    void shutdown() {
        if (!drain(Duration.ofSeconds(5))) {
            log.warn("shutting down with {} unsent batch(es)", queue.size());
        }
        running = false;
        thread.interrupt();
    }

    public int queued() {
        return queue.size();
    }

    public long sentBatches() {
        return sentBatches.get();
    }

    public long sentRows() {
        return sentRows.get();
    }

    public long droppedBatches() {
        return droppedBatches.get();
    }

    public long droppedRows() {
        return droppedRows.get();
    }
}
