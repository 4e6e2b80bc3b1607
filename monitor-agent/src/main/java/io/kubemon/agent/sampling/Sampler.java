package io.kubemon.agent.sampling;

import io.kubemon.agent.config.NodeName;
import io.kubemon.agent.host.EventLog;
import io.kubemon.agent.host.MalformedFields;
import io.kubemon.common.schema.EventsTable;
import io.kubemon.common.wire.Event;
import io.kubemon.common.wire.EventKind;
import io.kubemon.common.wire.Sample;
import io.kubemon.common.wire.SampleBatch;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads every source on a wall-clock grid: with a 1 s interval at every whole second, like
 * Telegraf's round_interval. Each next tick is computed from the clock, not by adding the
 * interval to "now", so the schedule never drifts by the agent's own overhead, and agents on
 * different nodes sample at the same instants. A tick that would start late (the host stalled)
 * is skipped and counted, rather than run in a burst.
 */
@Component
public class Sampler {
    private static final Logger log = LoggerFactory.getLogger(Sampler.class);

    private final List<MetricSource> sources;
    private final BatchSink sender;
    private final NodeName node;
    private final Clock clock;
    private final RunSequence sequence;
    private final RunAccounts ledger;
    private final MalformedFields malformed;
    private final ScheduledExecutorService executor;
    private final AtomicLong producedRows = new AtomicLong();
    private final MeterRegistry registry;
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong missedTicks = new AtomicLong();
    private final AtomicLong failedReads = new AtomicLong();
    private final java.util.Map<String, io.micrometer.core.instrument.Counter> failures = new java.util.HashMap<>();

    private volatile RunTicks current;
    private final EventLog events;

    public Sampler(
            List<MetricSource> sources,
            BatchSink sender,
            NodeName node,
            Clock clock,
            RunSequence sequence,
            MeterRegistry registry,
            RunAccounts ledger,
            MalformedFields malformed,
            EventLog events) {
        this.malformed = malformed;
        this.events = events;
        this.sequence = sequence;
        this.ledger = ledger;
        this.registry = registry;
        FunctionCounter.builder("kubemon.agent.ticks.missed", this, Sampler::missedTicks)
                .description("Grid instants skipped because a tick would have started a whole interval late")
                .register(registry);
        FunctionCounter.builder("kubemon.agent.rows.produced", this, Sampler::producedRows)
                .description("Rows sampled and handed to the sender")
                .register(registry);
        // The events table last: an event a source saw during a tick leaves with that tick.
        List<MetricSource> ordered = new ArrayList<>(sources);
        ordered.sort(java.util.Comparator.comparing(m -> m.table() == EventsTable.EVENTS));
        this.sources = List.copyOf(ordered);
        for (MetricSource source : this.sources) {
            failures.put(
                    source.table().name(),
                    io.micrometer.core.instrument.Counter.builder("kubemon.agent.source.failures")
                            .description("Ticks at which a source failed to read and its table got no rows")
                            .tag("table", source.table().name())
                            .register(registry));
        }
        this.sender = sender;
        this.node = node;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubemon-sampler");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        log.info("sources: {}", this.sources.stream().map(s -> s.table().name()).toList());
    }

    public List<MetricSource> sources() {
        return sources;
    }

    public synchronized void start(String runId, long intervalMs) {
        RunTicks run = new RunTicks(runId, intervalMs);
        run.seq = sequence.last(runId);
        if (run.seq > 0) {
            log.info("continuing run {} after batch {}", runId, run.seq);
        }
        current = run;
        executor.execute(() -> sources.forEach(MetricSource::reset));
        scheduleNext(run, nowNanos() / 1_000_000);
        log.info("sampling run {} every {} ms", runId, intervalMs);
    }

    /**
     * Reads every source {@code rounds} times on the sampling thread, rows discarded, then resets
     * them; stops early if a run starts. Why: the JIT compiles a method after it has run some
     * times (with the shipped thresholds, tens), so without this a run started right after the
     * agent (an experiment launched after {@code helm install}) paid for compiling the per-tick code
     * during its first minute, at twice the steady cost per sample. Paid once, at startup.
     *
     * @return the rows of the last round (empty if a run started first)
     */
    public java.util.concurrent.CompletableFuture<List<Sample>> warmUp(int rounds) {
        return warmUp(rounds, Long.MAX_VALUE);
    }

    /**
     * As {@link #warmUp(int)}, ending early once the rounds have cost {@code cpuBudgetNanos} of the
     * sampling thread's CPU: a round reads every container, so on a full node (110 containers ×
     * 5 processes, ~70 ms a round) a few tens of rounds run the per-container code as often as
     * 200 rounds do on a node of 10, and 200 would cost 14 s of CPU at startup.
     */
    public java.util.concurrent.CompletableFuture<List<Sample>> warmUp(int rounds, long cpuBudgetNanos) {
        java.util.concurrent.CompletableFuture<List<Sample>> lastRound = new java.util.concurrent.CompletableFuture<>();
        if (rounds <= 0) {
            lastRound.complete(List.of());
            return lastRound;
        }
        executor.execute(() -> {
            List<Sample> rows = new ArrayList<>();
            long start = System.nanoTime();
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu = threads.getCurrentThreadCpuTime();
            int done = 0;
            for (;
                    done < rounds && current == null && threads.getCurrentThreadCpuTime() - cpu < cpuBudgetNanos;
                    done++) {
                rows.clear();
                for (MetricSource source : sources) {
                    try {
                        source.sample(new Tick(clock.millis(), System.nanoTime(), node.value()), rows::add);
                    } catch (RuntimeException e) {
                        // a source that cannot read says so at its first real tick
                    }
                }
            }
            sources.forEach(MetricSource::reset);
            log.info(
                    "warm-up: {} round(s) of every source in {} ms ({} ms of CPU), before any run",
                    done,
                    (System.nanoTime() - start) / 1_000_000,
                    (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000);
            lastRound.complete(List.copyOf(rows));
        });
        return lastRound;
    }

    public synchronized void stop() {
        RunTicks run = current;
        current = null;
        if (run != null) {
            log.info("stopped sampling run {} after {} batch(es)", run.runId, run.seq);
        }
    }

    public String runId() {
        RunTicks run = current;
        return run == null ? null : run.runId;
    }

    public long intervalMs() {
        RunTicks run = current;
        return run == null ? 0 : run.intervalMs;
    }

    private void scheduleNext(RunTicks run, long afterMs) {
        long next = (afterMs / run.intervalMs + 1) * run.intervalMs;
        long delayNanos = next * 1_000_000 - nowNanos();
        executor.schedule(() -> tick(run, next), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void tick(RunTicks run, long gridMs) {
        if (current != run) {
            return; // the run was stopped or replaced; its chain of ticks ends here
        }
        long startNanos = nowNanos();
        long nowMs = startNanos / 1_000_000;
        long lateMs = nowMs - gridMs;
        recordLateness((startNanos - gridMs * 1_000_000) / 1e6);
        if (lateMs >= run.intervalMs) {
            // Started a whole interval late: this grid point is gone. Counted, then realigned.
            long missed = lateMs / run.intervalMs;
            missedTicks.addAndGet(missed);
            ledger.missed(run.runId, missed);
            events.record(Event.of(
                    gridMs,
                    EventKind.TICKS_MISSED,
                    missed + " tick(s) from " + Instant.ofEpochMilli(gridMs) + " to "
                            + Instant.ofEpochMilli(gridMs + (missed - 1) * run.intervalMs)
                            + " not taken: the agent started them a whole interval late",
                    "sampler"));
            scheduleNext(run, nowMs);
            return;
        }
        ledger.tickStarted(run.runId, gridMs);
        long malformedBefore = malformed.total();
        try {
            List<Sample> samples = new ArrayList<>();
            for (MetricSource source : sources) {
                long t0 = System.nanoTime();
                // Each source gets the instant it starts reading: sources read one after the other,
                // so each one's counters are divided by the time between its own two reads, not by
                // one measurement taken before the first source of the tick.
                Tick tick = new Tick(gridMs, t0, node.value());
                try {
                    source.sample(tick, samples::add);
                    registry.timer(
                                    "kubemon.agent.sample.duration",
                                    "table",
                                    source.table().name())
                            .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                } catch (RuntimeException e) {
                    // One broken source (an unexpected file format) must not stop the others.
                    failedReads.incrementAndGet();
                    failures.get(source.table().name()).increment();
                    log.warn(
                            "source {} failed at {}: {}",
                            source.table().name(),
                            Instant.ofEpochMilli(gridMs),
                            e.toString());
                }
            }
            ticks.incrementAndGet();
            long malformedFields = malformed.total() - malformedBefore;
            if (malformedFields > 0) {
                // In the run's account, so the run's summary says how many of its cells a bad field emptied.
                ledger.malformed(run.runId, malformedFields);
            }
            if (!samples.isEmpty()) {
                run.seq++;
                sequence.record(run.runId, run.seq);
                producedRows.addAndGet(samples.size());
                // Counted before it is queued: if the agent dies in between, the account shows the
                // rows as lost with the restart rather than not showing them at all.
                ledger.sampled(run.runId, gridMs, run.intervalMs, samples.size());
                // No agent id: the sender stamps the one current at sending time (a batch may wait
                // in the spool across a re-registration), so sampling needs nothing of the transport.
                sender.enqueue(new SampleBatch(null, run.runId, run.seq, samples));
            }
        } finally {
            ledger.tickDone(run.runId);
            scheduleNext(run, gridMs);
        }
    }

    /** How late ticks started after their grid instant, the last {@link #LATENESS_WINDOW} of them. */
    private static final int LATENESS_WINDOW = 4096;

    private final double[] lateness = new double[LATENESS_WINDOW];
    private long latenessCount;

    private synchronized void recordLateness(double ms) {
        lateness[(int) (latenessCount++ % LATENESS_WINDOW)] = ms;
    }

    /** The q-quantile (0..1) of tick lateness in ms over the recent window; 0 before any tick. */
    public synchronized double tickLatenessMs(double q) {
        int n = (int) Math.min(latenessCount, LATENESS_WINDOW);
        if (n == 0) {
            return 0;
        }
        double[] sorted = java.util.Arrays.copyOf(lateness, n);
        java.util.Arrays.sort(sorted);
        return Math.round(sorted[Math.min(n - 1, (int) Math.ceil(q * n) - 1)] * 100) / 100.0;
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    public long ticks() {
        return ticks.get();
    }

    public long missedTicks() {
        return missedTicks.get();
    }

    /**
     * Rows handed to the sender since start, over all runs: sent + dropped + still queued + discarded
     * after a stop. A run's own figures are in its account ({@link RunAccounts}).
     */
    public long producedRows() {
        return producedRows.get();
    }

    public long failedReads() {
        return failedReads.get();
    }

    @PreDestroy
    void shutdown() {
        stop();
        executor.shutdownNow();
    }

    /** The tick chain of one run; seq numbers its batches from 1. */
    private static final class RunTicks {
        final String runId;
        final long intervalMs;
        long seq;

        RunTicks(String runId, long intervalMs) {
            this.runId = runId;
            this.intervalMs = intervalMs;
        }
    }
}
