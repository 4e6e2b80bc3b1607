package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.testsupport.TmpfsVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The data volume filling at exactly one step of the collector's commit, with the real jars: the
 * collector's own fault points ({@code kubemon.collector.fault-points}) fill its tmpfs data volume at
 * the Nth write of that step (the write-ahead segment, a CSV append, a journal line, a checkpoint,
 * run.json or the marker), and the test gives the space back a few seconds later. Steps,
 * intervals (100, 500, 1000 ms), agent counts (one, three) and fault counts (one, two) are crossed
 * so that each step meets each of the others at least once (the whole cross product, each step
 * with every agent count and fault count, is {@code FaultPointsTest} on the store itself). Each
 * time: every tick of every node once, the run's accounts complete, nothing dropped.
 */
// Each case has its own cluster and volume: they run side by side (junit-platform.properties).
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class StoreFaultStepsTest {
    private final Http http = new Http();

    @org.junit.jupiter.api.extension.RegisterExtension
    final LocalCluster cluster = new LocalCluster();

    private TmpfsVolume data;

    @AfterEach
    void unmount() throws Exception {
        if (data != null) {
            data.close();
        }
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                // step, interval ms, agents, faults, collector options
                Arguments.of("SEGMENT", 100, 3, 2, List.of()),
                Arguments.of("CSV", 500, 1, 1, List.of()),
                Arguments.of("CSV", 100, 1, 2, List.of("--kubemon.collector.fsync=interval")),
                Arguments.of("JOURNAL_LINE", 1000, 3, 1, List.of("--kubemon.collector.fsync=interval")),
                Arguments.of("CHECKPOINT", 500, 3, 2, List.of("--kubemon.collector.journal-segment-bytes=32KB")),
                Arguments.of("SEGMENT", 1000, 1, 1, List.of()),
                // run.json and the marker are written at the start (reaches 1 and 2), then at the stop
                // (the marker, 3): the stop's record fails, and the fault's recovery writes it again (4).
                Arguments.of("RUN_RECORD", 500, 3, 1, List.of()),
                Arguments.of("RUN_RECORD", 100, 1, 2, List.of()));
    }

    private static String url(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private String storeState(int port) throws Exception {
        return http.call("GET", url(port, "/status"), null)
                .get("store")
                .get("state")
                .asString();
    }

    /** Waits until {@code more} rows have come in after now. */
    private void awaitRows(int port, long more) throws Exception {
        long rows = http.call("GET", url(port, "/status"), null).get("rows").asLong();
        Http.await(
                "rows",
                Duration.ofSeconds(60),
                () -> http.call("GET", url(port, "/status"), null).get("rows").asLong() > rows + more ? true : null);
    }

    /** Stops the run; its stop instant. */
    private long stop(int port) throws Exception {
        JsonNode stop = http.call("POST", url(port, "/stop"), null);
        return Instant.parse(stop.get("stopAt").asString()).toEpochMilli();
    }

    @ParameterizedTest(name = "{0} at {1} ms, {2} agent(s), {3} fault(s)")
    @MethodSource("faults")
    void everyTickOnceWhenTheVolumeFillsAtOneStep(
            String step, int interval, int agents, int faults, List<String> options) throws Exception {
        data = TmpfsVolume.mount(cluster.work().resolve("data"), 200L << 20, 100_000);
        // The Nth write of the step since the collector started: a few ticks into the run, and for a
        // second fault a few more after the first one's recovery (no write of the step is made while
        // the store fails).
        boolean atStop = step.equals("RUN_RECORD");
        long first = atStop ? 3 : step.equals("CHECKPOINT") ? 2 : 6L * agents;
        long second = atStop ? 4 : first * 3;
        String points = step + ":" + first + (faults == 2 ? "," + step + ":" + second : "");
        List<String> args = new ArrayList<>(options);
        args.add("--kubemon.collector.store-probe-max-backoff=500ms");
        args.add("--kubemon.collector.fault-points=" + points);
        ServiceProcess collector = cluster.collector(0, data.path(), args.toArray(String[]::new));
        int port = collector.awaitPort();
        List<ServiceProcess> started = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            started.add(cluster.agent("node-" + a, port));
        }
        for (ServiceProcess a : started) {
            a.awaitPort();
        }
        cluster.awaitReady(port);
        cluster.awaitConnected(port, agents);
        String dir = "fault-" + step.toLowerCase() + "-" + interval;
        String runId = http.call(
                        "POST", url(port, "/start"), "{\"outputDir\":\"" + dir + "\",\"intervalMs\":" + interval + "}")
                .get("runId")
                .asString();
        Path fill = data.path().resolve(".kubemon-fault-fill");
        long stopAt = -1;
        if (atStop) {
            awaitRows(port, 20L * agents);
            stopAt = stop(port);
        }
        for (int f = 1; f <= faults; f++) {
            int fault = f;
            Http.await(
                    "fault " + fault + " at " + step,
                    Duration.ofSeconds(120),
                    () -> storeState(port).equals("FAILING") ? true : null);
            assertThat(fill).as("the collector filled its volume at " + step).exists();
            Thread.sleep(3000); // the fault lasts: the agents hold their batches and send them again
            Files.delete(fill);
            // Recovered, or (a second fault armed at the recovery's own write) full again.
            boolean more = fault < faults;
            Http.await(
                    "recovery " + fault,
                    Duration.ofSeconds(60),
                    () -> storeState(port).equals("OK") || (more && Files.exists(fill)) ? true : null);
        }
        Http.await(
                "the store ok", Duration.ofSeconds(60), () -> storeState(port).equals("OK") ? true : null);
        if (!atStop) {
            // Some ticks after the last recovery, then the stop.
            awaitRows(port, 20L * agents);
            stopAt = stop(port);
        }
        JsonNode finished = cluster.awaitFinished(port, runId, Duration.ofSeconds(120));
        assertThat(finished.get("complete").asBoolean()).as(finished.toString()).isTrue();
        RunChecks.completeAndEveryTickOnce(data.path().resolve(dir), agents, stopAt, interval);
        for (int a = 0; a < agents; a++) {
            assertThat(RunChecks.distinctTicks(data.path().resolve(dir).resolve("os/node-" + a + ".cpu.csv")))
                    .as("node-" + a + ": the cpu table's ticks are the os table's, each once")
                    .containsExactlyElementsOf(RunChecks.osTicks(data.path().resolve(dir), "node-" + a));
        }
        assertThat(collector.log().lines().filter(l -> l.contains("fault injection: filling")))
                .as("the volume filled as many times as asked")
                .hasSize(faults);
        assertThat(collector.log()).doesNotContain("acknowledged by the collector but not in its files");
    }
}
