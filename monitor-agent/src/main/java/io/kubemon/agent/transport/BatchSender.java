package io.kubemon.agent.transport;

import io.kubemon.agent.config.AgentProperties;
import io.kubemon.agent.host.EventLog;
import io.kubemon.agent.sampling.BatchSink;
import io.kubemon.agent.sampling.RunAccounts;
import io.kubemon.common.wire.Event;
import io.kubemon.common.wire.EventKind;
import io.kubemon.common.wire.SampleBatch;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
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
 * batch is retried with exponential backoff and jitter (cut short as soon as a heartbeat gets
 * through); sampling goes on and batches pile up in memory, then in the spool directory, up to its
 * limit. Every outcome is entered in the run's account ({@link RunAccounts}); batches of ticks after
 * a run's stop instant are discarded, as they are not part of the run.
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
    /** Sends that failed for now (refused for now, or no answer): the batch was kept and tried again. */
    private final AtomicLong failedSends = new AtomicLong();

    private final RunAccounts ledger;
    private volatile boolean running = true;
    private volatile boolean busy;
    /** Set by the control loop when it learns a run's stop: batches made after it are discarded. */
    private volatile boolean purge;
    /** The sender is waiting out a backoff, and a sign of the collector's life should end it. */
    private boolean backingOff;

    private boolean collectorBack;
    /** Runs whose drain this sender announced (a heartbeat at once), so it is announced once. */
    private final java.util.Set<String> announced = ConcurrentHashMap.newKeySet();

    private final HeartbeatTrigger heartbeat;
    private final io.kubemon.agent.host.Notices notices;
    /** The notice while the spool directory refuses writes (so it shows in /instances). */
    static final String SPOOL_NOTICE = "spool directory not writable: ";

    private volatile long lastAckNanos;
    private final EventLog events;

    public BatchSender(
            CollectorClient client,
            AgentIdentity identity,
            AgentProperties properties,
            JsonMapper json,
            HeartbeatTrigger heartbeat,
            io.micrometer.core.instrument.MeterRegistry registry,
            RunAccounts ledger,
            io.kubemon.agent.host.Notices notices,
            EventLog events) {
        this.notices = notices;
        this.events = events;
        this.client = client;
        this.ledger = ledger;
        this.heartbeat = heartbeat;
        this.identity = identity;
        this.spool = new Spool(properties.maxQueuedBatches(), properties.spoolMaxBytes(), properties.spoolDir(), json);
        // What the run accounts say was sampled but is neither sent, dropped, nor spooled died
        // with the memory queue of the agent's previous life.
        ledger.reconcile(spool.spooledRowsByRun());
        io.micrometer.core.instrument.Gauge.builder("kubemon.agent.queue.batches", spool, Spool::size)
                .description("Batches waiting to be sent, in memory and spooled")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("kubemon.agent.spool.bytes", spool, Spool::spooledBytes)
                .description("Bytes of batches in the spool directory")
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder(
                        "kubemon.agent.rows.dropped", droppedRows, AtomicLong::get)
                .description("Rows dropped: spool overflow, or refused for good by the collector")
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("kubemon.agent.rows.sent", sentRows, AtomicLong::get)
                .description("Rows acknowledged by the collector")
                .register(registry);
        this.thread = new Thread(this::loop, "kubemon-sender");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a batch; past the spool limit the oldest batch is dropped and counted. */
    @Override
    public void enqueue(SampleBatch batch) {
        List<Spool.Dropped> dropped = spool.add(batch);
        String trouble = spool.trouble();
        for (Spool.Dropped d : dropped) {
            count(d.runId(), RunAccounts.Reason.SPOOL_FULL, d.rows());
            events.record(Event.of(
                    System.currentTimeMillis(),
                    EventKind.SPOOL_OVERFLOW,
                    "batch " + d.seq() + " (" + d.rows() + " rows) dropped: the spool is full",
                    "transport"));
            log.error(
                    "dropped batch {} of run {} ({} rows): {}",
                    d.seq(),
                    d.runId(),
                    d.rows(),
                    trouble != null
                            ? "the spool directory refuses writes and the memory queue is full"
                            : "the spool is over kubemon.agent.spool-max-bytes");
        }
        showSpoolTrouble(trouble);
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** The spool directory's trouble as a notice while it lasts, with the rows it cost this agent. */
    private void showSpoolTrouble(String trouble) {
        String now =
                trouble == null ? null : SPOOL_NOTICE + trouble + "; " + droppedRows.get() + " row(s) dropped in all";
        notices.removeIf(SPOOL_NOTICE);
        if (now != null) {
            notices.add(now);
        }
    }

    private void loop() {
        Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
        boolean outage = false;
        long outageSince = 0;
        String outageCause = null;
        while (running) {
            if (purge) {
                purge = false;
                purgeAfterStop();
            }
            SampleBatch batch = spool.peek();
            if (batch != null && afterStop(batch)) {
                spool.remove();
                discard(batch);
                announceIfDrained(batch.runId()); // the last tick before the stop may have been sent already
                continue;
            }
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
                var ack = client.send(new SampleBatch(agentId, batch.runId(), batch.seq(), batch.samples()));
                spool.remove();
                showSpoolTrouble(spool.trouble());
                lastAckNanos = System.nanoTime();
                sentBatches.incrementAndGet();
                sentRows.addAndGet(batch.samples().size());
                ledger.sent(batch.runId(), batch.samples().size());
                if (ack != null && ack.stopAtMs() != null && ledger.stop(batch.runId(), ack.stopAtMs())) {
                    // The run is stopping: learnt from this answer, a whole heartbeat early. The
                    // control loop stops the sampler; batches after the stop instant go now.
                    log.info(
                            "run {} stopped at {}; delivering what was sampled up to then",
                            batch.runId(),
                            java.time.Instant.ofEpochMilli(ack.stopAtMs()));
                    heartbeat.now();
                    purgeAfterStop();
                }
                announceIfDrained(batch.runId());
                log.debug(
                        "acknowledged batch {} of run {} ({} rows{})",
                        batch.seq(),
                        batch.runId(),
                        batch.samples().size(),
                        ack != null && ack.duplicate() ? ", already written" : "");
                if (outage) {
                    log.info("collector reachable again; sending the {} queued batch(es)", spool.size());
                    outage = false;
                    long back = System.currentTimeMillis();
                    events.record(Event.of(
                            outageSince,
                            EventKind.COLLECTOR_UNREACHABLE,
                            "from " + java.time.Instant.ofEpochMilli(outageSince) + " to "
                                    + java.time.Instant.ofEpochMilli(back) + " (" + (back - outageSince) / 1000
                                    + " s): " + outageCause + "; its batches were kept and sent after",
                            "transport"));
                }
                backoff.reset();
            } catch (CollectorException e) {
                if (e.permanent()) {
                    spool.remove();
                    if (e.afterStop() || (e.status() == 409 && afterStop(batch))) {
                        discard(batch); // the stop was learnt while this batch was on its way
                        heartbeat.now(); // learn the stop instant, and purge the rest after it
                    } else {
                        drop(batch, e);
                    }
                    announceIfDrained(batch.runId());
                    if (e.status() == 409) {
                        heartbeat.now(); // the run ended: learn it now, not at the next heartbeat
                    }
                    continue;
                }
                failedSends.incrementAndGet();
                if (e.status() == 404) {
                    identity.invalidate(); // the control loop registers again; same node, same id
                }
                if (!outage) {
                    log.warn("{}; keeping it and retrying with backoff", e.getMessage());
                    outage = true;
                    outageSince = System.currentTimeMillis();
                    outageCause = e.getMessage();
                }
                long delay = backoff.nextDelayMs();
                if (e.retryAfterMs() > 0) {
                    // The collector said when to come back (busy, or its volume failing): no sooner,
                    // even if a heartbeat gets through meanwhile.
                    sleep(Math.max(delay, e.retryAfterMs()));
                } else {
                    awaitCollector(delay);
                }
            } finally {
                busy = false;
            }
        }
    }

    /**
     * Waits out a backoff delay, or less: a heartbeat or registration that succeeds meanwhile
     * ends it at once ({@link #collectorAnswered}), so a collector that comes back is sent to
     * within one heartbeat, not after a backoff grown to its cap while it was down.
     */
    private void awaitCollector(long ms) {
        synchronized (signal) {
            backingOff = true;
            collectorBack = false;
            try {
                long deadline = System.currentTimeMillis() + ms;
                for (long left = ms;
                        left > 0 && !collectorBack && running;
                        left = deadline - System.currentTimeMillis()) {
                    signal.wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                backingOff = false;
            }
        }
    }

    /** The control loop heard from the collector: a sender in backoff tries again now. */
    public void collectorAnswered() {
        synchronized (signal) {
            if (backingOff) {
                collectorBack = true;
                signal.notifyAll();
            }
        }
    }

    /** The control loop learnt a run's stop instant: batches sampled after it are discarded now. */
    public void runStopped(String runId) {
        purge = true;
        synchronized (signal) {
            collectorBack = true;
            signal.notifyAll();
        }
        announced.remove(runId);
    }

    private boolean afterStop(SampleBatch batch) {
        long stopAt = ledger.stopAt(batch.runId());
        return stopAt >= 0
                && !batch.samples().isEmpty()
                && batch.samples().get(0).timestamp() > stopAt;
    }

    private void purgeAfterStop() {
        for (SampleBatch b : spool.removeNewestWhile(this::afterStop)) {
            discard(b);
        }
    }

    /** A batch of ticks after its run's stop: not part of the run, so neither sent nor dropped. */
    private void discard(SampleBatch batch) {
        ledger.discardedAfterStop(batch.runId(), batch.samples().size());
        log.debug("discarded batch {} of run {}: sampled after the run's stop", batch.seq(), batch.runId());
    }

    /** Once a stopped run has nothing outstanding, the collector hears it at once, not at the next heartbeat. */
    private void announceIfDrained(String runId) {
        var report = ledger.report(runId);
        if (report != null && report.drained() && announced.add(runId)) {
            heartbeat.now();
        }
    }

    private void drop(SampleBatch batch, CollectorException refusal) {
        count(batch.runId(), RunAccounts.Reason.REFUSED, batch.samples().size());
        if (refusal.status() == 409) {
            // The run was stopped between this batch's tick and its delivery: expected at every
            // stop, so a warning, but still counted and named.
            log.warn(
                    "batch {} of run {} ({} rows) arrived after the run ended and is not in its files: {}",
                    batch.seq(),
                    batch.runId(),
                    batch.samples().size(),
                    refusal.getMessage());
        } else {
            log.error(
                    "dropped batch {} of run {} ({} rows): {}",
                    batch.seq(),
                    batch.runId(),
                    batch.samples().size(),
                    refusal.getMessage());
        }
    }

    private void count(String runId, RunAccounts.Reason reason, int rows) {
        droppedRows.addAndGet(rows);
        ledger.dropped(runId, reason, rows);
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
            log.warn(
                    "shutting down with {} unsent batch(es); those in the spool directory are sent after a restart",
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

    /** Sends that failed for now: each time the batch was kept to be tried again. */
    public long failedSends() {
        return failedSends.get();
    }

    public long droppedRows(String runId) {
        var report = runId == null ? null : ledger.report(runId);
        return report == null ? 0 : report.droppedRows();
    }
}
