package io.kubemon.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.collector.volume.StoreHealth;
import io.kubemon.common.schema.OsTables;
import io.kubemon.testsupport.TmpfsVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The data volume filling at exactly one step of a commit ({@link FaultPoints}: the write-ahead
 * segment, a CSV append, a journal line, a checkpoint), with one and with three agents sending
 * concurrently as agents do (a batch refused is sent again once the store takes writes; a batch
 * acknowledged, written or duplicate, is never sent again), once and twice in a run. Whatever the
 * step: every batch of every agent is in the files exactly once, whole and in order, a batch that
 * was acknowledged is among them, and a batch that was refused was not kept (its resend is written,
 * not taken for a duplicate): acknowledged means durable, refused means nothing was kept.
 */
class FaultPointsTest {
    private static final int BATCHES = 30;

    private TmpfsVolume volume;
    private StoreHealth health;
    private Path dir;

    @BeforeEach
    void mount() throws Exception {
        FaultPoints.reset();
        volume = TmpfsVolume.mount(24L << 20, 2000);
        dir = Files.createDirectories(volume.path().resolve("run"));
        health = new StoreHealth(volume.path(), Clock.systemUTC(), Duration.ofMillis(300));
    }

    @AfterEach
    void unmount() throws Exception {
        FaultPoints.reset();
        health.close();
        volume.close();
    }

    static Stream<Arguments> faults() {
        List<Arguments> out = new ArrayList<>();
        for (FaultPoints.Step step : List.of(
                FaultPoints.Step.SEGMENT,
                FaultPoints.Step.CSV,
                FaultPoints.Step.JOURNAL_LINE,
                FaultPoints.Step.CHECKPOINT)) {
            for (int agents : new int[] {1, 3}) {
                for (int faults : new int[] {1, 2}) {
                    out.add(Arguments.of(step, agents, faults));
                }
            }
        }
        return out.stream();
    }

    /** The CSV append is tried in both journal forms; the journal line exists only in the lines form. */
    private static boolean writeAhead(FaultPoints.Step step) {
        return step != FaultPoints.Step.JOURNAL_LINE;
    }

    @ParameterizedTest(name = "{0}, {1} agent(s), {2} fault(s)")
    @MethodSource("faults")
    void everyBatchOnceWhateverTheStepTheVolumeFillsAt(FaultPoints.Step step, int agents, int faults) throws Exception {
        // Small segments for the checkpoint step: one is full every few groups.
        long segmentBytes = step == FaultPoints.Step.CHECKPOINT ? 4L << 10 : 8L << 20;
        RunStore store = RunStore.open(dir, "r1", writeAhead(step), segmentBytes, health);
        AtomicInteger faultsMade = new AtomicInteger();
        acked.set(0);
        arm(step, faultsMade);
        Map<String, List<Long>> acknowledged = new HashMap<>();
        java.util.concurrent.atomic.AtomicBoolean faultsDone = new java.util.concurrent.atomic.AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(agents + 1);
        try {
            Future<?> freer = pool.submit(() -> {
                // The volume given back a while after each fault, and the next fault armed.
                long base = failures();
                for (int f = 0; f < faults; f++) {
                    int fault = f + 1;
                    long before = base;
                    io.kubemon.testsupport.Await.until(
                            "fault " + fault + " made", Duration.ofSeconds(60), () -> faultsMade.get() >= fault);
                    // Counted, not polled: the store's state may be failing for less than a poll (its
                    // probe can find room in a page a file already has, on a loaded machine too).
                    long ackedAtFault = acked.get();
                    io.kubemon.testsupport.Await.until(
                            "fault " + fault + " refused a write",
                            Duration.ofSeconds(60),
                            () -> failures() > before || acked.get() > ackedAtFault + 20);
                    if (failures() == before) {
                        // Every write after the fill fitted in pages its file already had: the
                        // volume never refused one. Not a fault: given back, and armed again.
                        faultsMade.decrementAndGet();
                        volume.free();
                        arm(step, faultsMade);
                        f--;
                        continue;
                    }
                    Thread.sleep(400);
                    volume.free();
                    io.kubemon.testsupport.Await.until(
                            "recovery " + (f + 1), Duration.ofSeconds(60), () -> !health.failing());
                    base = failures();
                    if (f + 1 < faults) {
                        arm(step, faultsMade);
                    }
                }
                faultsDone.set(true);
                return null;
            });
            List<Future<List<Long>>> senders = new ArrayList<>();
            for (int a = 0; a < agents; a++) {
                String agent = "a" + a;
                // Each agent sends at least BATCHES, and on until every fault was made and recovered
                // from: on a loaded machine the freer arms the next fault late, after the batches
                // would otherwise have run out (the test then waited for a fault that never came).
                senders.add(pool.submit(() -> send(store, agent, faultsDone::get)));
            }
            for (int a = 0; a < agents; a++) {
                acknowledged.put("a" + a, senders.get(a).get(3, TimeUnit.MINUTES));
            }
            freer.get(3, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertThat(faultsMade.get())
                .as("the volume filled at %s each time", step)
                .isEqualTo(faults);
        io.kubemon.testsupport.Await.until("the store ok", Duration.ofSeconds(60), store::available);
        store.close();

        Map<String, List<Long>> shared = new HashMap<>();
        for (String[] row : rows("shared.net.csv")) {
            shared.computeIfAbsent(row[5].split("-")[0], k -> new ArrayList<>()).add(Long.parseLong(row[6]));
        }
        long sent = 0;
        for (int a = 0; a < agents; a++) {
            String agent = "a" + a;
            List<Long> acked = acknowledged.get(agent);
            assertThat(acked)
                    .as(agent + ": every batch acknowledged once, in order")
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, acked.size())
                            .boxed()
                            .toList());
            assertThat(acked.size()).isGreaterThanOrEqualTo(BATCHES);
            sent += acked.size();
            List<Long> expected = new ArrayList<>();
            for (long seq : acked) {
                expected.add(seq);
                expected.add(seq);
            }
            List<Long> own = rows(agent + ".net.csv").stream()
                    .map(r -> Long.parseLong(r[6]))
                    .toList();
            assertThat(own)
                    .as(agent + ": each batch once, in order, in its own file")
                    .containsExactlyElementsOf(expected);
            assertThat(shared.get(agent))
                    .as(agent + ": each batch once in the file it shares")
                    .containsExactlyElementsOf(expected);
        }
        try (CsvRunWriter again = new CsvRunWriter(dir, writeAhead(step))) {
            assertThat(again.batches()).as("the journal's count").isEqualTo(sent);
            assertThat(again.rows()).isEqualTo(4L * sent);
        }
    }

    /** Batches acknowledged in the case so far, over all agents. */
    private final java.util.concurrent.atomic.AtomicLong acked = new java.util.concurrent.atomic.AtomicLong();

    /** Writes the store has seen fail, whatever their cause. */
    private long failures() {
        long n = 0;
        for (io.kubemon.common.wire.StoreFault f : io.kubemon.common.wire.StoreFault.values()) {
            n += health.failures(f);
        }
        return n;
    }

    private void arm(FaultPoints.Step step, AtomicInteger made) {
        FaultPoints.arm(step, step == FaultPoints.Step.CHECKPOINT ? 2 : 4, (s, n) -> {
            made.incrementAndGet();
            volume.fill(0);
        });
    }

    /** An agent's sending: each batch until it is acknowledged, refused ones again once the store recovers. */
    private List<Long> send(RunStore store, String agent, java.util.function.BooleanSupplier faultsDone)
            throws Exception {
        List<Long> acked = new ArrayList<>();
        boolean refused = false;
        for (long seq = 1; seq <= BATCHES || refused || !faultsDone.getAsBoolean(); ) {
            try {
                CsvRunWriter.Outcome outcome = store.append("n-" + agent, agent, seq, batch(agent, seq));
                if (refused) {
                    // Refused means nothing was kept: had it been, its resend would be a duplicate.
                    assertThat(outcome)
                            .as(agent + ": batch " + seq + " was refused, so its resend is new")
                            .isEqualTo(CsvRunWriter.Outcome.WRITTEN);
                }
                refused = false;
                acked.add(seq);
                this.acked.incrementAndGet();
                seq++;
                Thread.sleep(2);
            } catch (StoreUnavailableException e) {
                assertThat(e.getMessage()).contains("send it again");
                refused = true;
                Thread.sleep(20);
            }
        }
        return acked;
    }

    /** Two rows in the agent's own file and two in a file all agents share; each cell says agent and seq. */
    private static List<Row> batch(String agent, long seq) {
        List<Row> rows = new ArrayList<>();
        for (String file : List.of(agent + ".net.csv", "shared.net.csv")) {
            for (int i = 0; i < 2; i++) {
                String[] cells = new String[OsTables.OS_NET.columns().size()];
                Arrays.fill(cells, "");
                cells[0] = agent + "-" + i;
                cells[1] = Long.toString(seq);
                cells[2] = "x".repeat(200); // wide rows: a group spans pages
                rows.add(new Row(OsTables.OS_NET, file, seq * 1000, 1000, cells));
            }
        }
        return rows;
    }

    /** A file's rows, every line whole. */
    private List<String[]> rows(String file) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("os").resolve(file));
        int columns = lines.get(0).split(",", -1).length;
        List<String[]> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertThat(f).as("a whole line: " + line).hasSize(columns);
            out.add(f);
        }
        return out;
    }
}
