package io.kubemon.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.agent.config.NodeName;
import io.kubemon.common.schema.OsTables;
import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.RunAccount;
import io.kubemon.common.wire.Sample;
import io.kubemon.common.wire.SampleBatch;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The real scheduler on the real clock: ticks on the grid, numbered batches, stop ends them. */
class SamplerTest {

    /** Emits one row per tick, remembering when it was really called. */
    static final class RecordingSource implements MetricSource {
        final List<Long> wallAtCall = new CopyOnWriteArrayList<>();
        volatile boolean failNext;

        @Override
        public Table table() {
            return OsTables.OS;
        }

        @Override
        public void sample(Tick tick, Consumer<Sample> out) {
            wallAtCall.add(System.currentTimeMillis());
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("unexpected file format");
            }
            out.accept(new Sample("os", tick.node(), tick.timestamp(), 0, Map.of("load1", 1.0)));
        }

        @Override
        public void reset() {}
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path spool;

    @Test
    void ticksFallOnTheWallClockGridAndBatchesAreNumbered() throws Exception {
        RecordingSource source = new RecordingSource();
        List<SampleBatch> batches = new CopyOnWriteArrayList<>();
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        Sampler sampler = new Sampler(
                List.of(source),
                batches::add,
                new NodeName("n1"),
                Clock.systemUTC(),
                new RunSequence(io.kubemon.agent.TestSupport.properties(spool)),
                registry,
                new RunAccounts(io.kubemon.agent.TestSupport.properties(spool)),
                io.kubemon.agent.TestSupport.malformed(),
                new io.kubemon.agent.host.EventLog());
        try {
            sampler.start("run-1", 100);
            Thread.sleep(1250);
            source.failNext = true; // one failing read must not end the chain of ticks
            Thread.sleep(500);
            sampler.stop();
            int atStop = batches.size();
            Thread.sleep(300);
            assertThat(batches).hasSize(atStop);
        } finally {
            sampler.shutdown();
        }
        assertThat(batches.size()).isBetween(12, 18);
        for (int i = 0; i < batches.size(); i++) {
            SampleBatch b = batches.get(i);
            assertThat(b.seq()).isEqualTo(i + 1);
            assertThat(b.runId()).isEqualTo("run-1");
            assertThat(b.agentId())
                    .as("the sender stamps the agent id when it sends")
                    .isNull();
            assertThat(b.samples().get(0).timestamp() % 100)
                    .as("timestamp on the 100 ms grid")
                    .isZero();
            if (i > 0) {
                long step = b.samples().get(0).timestamp()
                        - batches.get(i - 1).samples().get(0).timestamp();
                // Consecutive grid points, except across the one failed tick, which produced no batch.
                assertThat(step).isIn(100L, 200L);
            }
        }
        // The real call happens right after its grid instant: never before it, rarely much after.
        for (int i = 0; i < batches.size(); i++) {
            long grid = batches.get(i).samples().get(0).timestamp();
            long called = source.wallAtCall.stream()
                    .filter(w -> w >= grid && w < grid + 100)
                    .findFirst()
                    .orElse(-1L);
            assertThat(called).as("call for grid point %d", grid).isNotNegative();
        }
        assertThat(sampler.failedReads()).isEqualTo(1);
        assertThat(registry.get("kubemon.agent.source.failures")
                        .tag("table", "os")
                        .counter()
                        .count())
                .as("the failure is exported per table")
                .isEqualTo(1.0);
    }

    /** A malformed field read during a run's tick is in that run's account; one read outside any run is not. */
    @Test
    void malformedFieldsOfARunsTicksAreInItsAccount() throws Exception {
        var malformed = io.kubemon.agent.TestSupport.malformed();
        var bad = malformed.of("os");
        bad.field(); // before the run (a warm-up round, say): not the run's
        MetricSource source = new MetricSource() {
            @Override
            public io.kubemon.common.schema.Table table() {
                return io.kubemon.common.schema.OsTables.OS;
            }

            @Override
            public void sample(Tick tick, java.util.function.Consumer<Sample> out) {
                bad.field(); // a file with one unreadable field at every tick
                out.accept(new Sample("os", tick.node(), tick.timestamp(), 0, Map.of("load1", 1.0)));
            }

            @Override
            public void reset() {}
        };
        RunAccounts ledger = new RunAccounts(io.kubemon.agent.TestSupport.properties(spool));
        List<SampleBatch> batches = new CopyOnWriteArrayList<>();
        Sampler sampler = new Sampler(
                List.of(source),
                batches::add,
                new NodeName("n1"),
                Clock.systemUTC(),
                new RunSequence(io.kubemon.agent.TestSupport.properties(spool)),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                ledger,
                malformed,
                new io.kubemon.agent.host.EventLog());
        try {
            sampler.start("run-m", 100);
            Thread.sleep(650);
            sampler.stop();
            Thread.sleep(200);
        } finally {
            sampler.shutdown();
        }
        assertThat(batches).isNotEmpty();
        assertThat(ledger.report("run-m").malformedFields())
                .as("one per tick of the run")
                .isEqualTo(batches.size());
        assertThat(bad.count()).isEqualTo(batches.size() + 1L);
    }

    /** Reads for a while, as a source over many containers does. */
    static final class SlowSource implements MetricSource {
        @Override
        public Table table() {
            return OsTables.OS_DISK;
        }

        @Override
        public void sample(Tick tick, Consumer<Sample> out) {
            try {
                Thread.sleep(40);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void reset() {}
    }

    /** Each source is timed from its own read, not from one instant taken before the first source of the tick. */
    @Test
    void theWarmUpReadsEverySourceTheRoundsAskedThenResetsThemAndHandsBackTheLastRound() throws Exception {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger resets = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean burn = new java.util.concurrent.atomic.AtomicBoolean();
        MetricSource counting = new MetricSource() {
            @Override
            public Table table() {
                return OsTables.OS;
            }

            @Override
            public void sample(Tick tick, Consumer<Sample> out) {
                if (burn.get()) {
                    long until = java.lang.management.ManagementFactory.getThreadMXBean()
                                    .getCurrentThreadCpuTime()
                            + 5_000_000L;
                    while (java.lang.management.ManagementFactory.getThreadMXBean()
                                    .getCurrentThreadCpuTime()
                            < until) {
                        Thread.onSpinWait();
                    }
                }
                int n = reads.incrementAndGet();
                out.accept(new Sample("os", tick.node(), tick.timestamp(), 0, Map.of("load1", (double) n)));
            }

            @Override
            public void reset() {
                resets.incrementAndGet();
            }
        };
        List<SampleBatch> batches = new CopyOnWriteArrayList<>();
        Sampler sampler = new Sampler(
                List.of(counting),
                batches::add,
                new NodeName("n1"),
                Clock.systemUTC(),
                new RunSequence(io.kubemon.agent.TestSupport.properties(spool)),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                new RunAccounts(io.kubemon.agent.TestSupport.properties(spool)),
                io.kubemon.agent.TestSupport.malformed(),
                new io.kubemon.agent.host.EventLog());
        try {
            List<Sample> last = sampler.warmUp(7).get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(reads.get()).isEqualTo(7);
            assertThat(resets.get()).as("the run starts from fresh readings").isEqualTo(1);
            assertThat(last)
                    .singleElement()
                    .satisfies(s -> assertThat(s.values().get("load1")).isEqualTo(7.0));
            assertThat(batches).as("nothing of the warm-up is sent as a batch").isEmpty();
            assertThat(sampler.warmUp(0).get()).isEmpty();
            assertThat(reads.get()).isEqualTo(7);
            // A CPU budget ends the rounds early: each round here burns ~5 ms, the budget is 30 ms.
            burn.set(true);
            List<Sample> budgeted = sampler.warmUp(100_000, 30_000_000L).get(30, java.util.concurrent.TimeUnit.SECONDS);
            int rounds = reads.get() - 7;
            assertThat(rounds).as("rounds within the budget").isBetween(1, 100);
            assertThat(budgeted)
                    .singleElement()
                    .satisfies(s -> assertThat(s.values().get("load1")).isEqualTo((double) reads.get()));
        } finally {
            sampler.shutdown();
        }
    }

    @Test
    void eachSourceGetsTheInstantItStartsReading() throws Exception {
        List<Long> seen = new CopyOnWriteArrayList<>();
        MetricSource timed = osSource((tick, out) -> seen.add(System.nanoTime() - tick.nanos()));
        Sampler sampler = new Sampler(
                List.of(new SlowSource(), timed),
                b -> {},
                new NodeName("n1"),
                Clock.systemUTC(),
                new RunSequence(io.kubemon.agent.TestSupport.properties(spool)),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                new RunAccounts(io.kubemon.agent.TestSupport.properties(spool)),
                io.kubemon.agent.TestSupport.malformed(),
                new io.kubemon.agent.host.EventLog());
        try {
            sampler.start("run-2", 100);
            Thread.sleep(450);
        } finally {
            sampler.shutdown();
        }
        assertThat(seen)
                .isNotEmpty()
                .allSatisfy(ns -> assertThat(ns)
                        .as("ns between the source's own instant and its call")
                        .isLessThan(20_000_000L));
    }

    /**
     * The stop can be learnt (from a batch's acknowledgement) while a tick before it is being read.
     * The run is not drained then: that tick's rows are still to come, and a collector told
     * "drained" would finish the run and refuse them. Real scheduler, real account files.
     */
    @Test
    void aStopLearntWhileATickBeforeItIsReadWaitsForThatTick() throws Exception {
        java.util.concurrent.CountDownLatch inThirdRead = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong blockedTick = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        MetricSource source = osSource((tick, out) -> {
            if (calls.incrementAndGet() == 3) {
                blockedTick.set(tick.timestamp());
                inThirdRead.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            out.accept(new Sample("os", tick.node(), tick.timestamp(), 0, Map.of("load1", 1.0)));
        });
        RunAccounts ledger = new RunAccounts(io.kubemon.agent.TestSupport.properties(spool));
        // The sink stands for a collector that acknowledges at once.
        Sampler sampler = new Sampler(
                List.of(source),
                b -> ledger.sent(b.runId(), b.samples().size()),
                new NodeName("n1"),
                Clock.systemUTC(),
                new RunSequence(io.kubemon.agent.TestSupport.properties(spool)),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                ledger,
                io.kubemon.agent.TestSupport.malformed(),
                new io.kubemon.agent.host.EventLog());
        try {
            sampler.start("run-3", 100);
            assertThat(inThirdRead.await(5, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();
            ledger.stop("run-3", blockedTick.get() + 10); // learnt mid-read; the control loop stops the sampler
            sampler.stop();
            assertThat(ledger.report("run-3").outstandingRows()).isZero();
            assertThat(ledger.report("run-3").drained())
                    .as("the tick being read belongs to the run")
                    .isFalse();
            release.countDown();
            RunAccount done = waitFor(() -> ledger.report("run-3").drained() ? ledger.report("run-3") : null);
            assertThat(done.sampledRows())
                    .as("three ticks, the last one counted after the stop was known")
                    .isEqualTo(3);
            assertThat(done.sentRows()).isEqualTo(3);
            assertThat(done.lastTickMs()).isEqualTo(blockedTick.get());
        } finally {
            release.countDown();
            sampler.shutdown();
            ledger.close();
        }
    }

    /** A source of the os table that reads with {@code read}. */
    private static MetricSource osSource(java.util.function.BiConsumer<Tick, Consumer<Sample>> read) {
        return new MetricSource() {
            @Override
            public Table table() {
                return OsTables.OS;
            }

            @Override
            public void sample(Tick tick, Consumer<Sample> out) {
                read.accept(tick, out);
            }

            @Override
            public void reset() {}
        };
    }

    private static <T> T waitFor(java.util.function.Supplier<T> probe) throws InterruptedException {
        for (int i = 0; i < 250; i++) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not within 5 s");
    }
}
