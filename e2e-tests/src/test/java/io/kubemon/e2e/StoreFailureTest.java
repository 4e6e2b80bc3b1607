package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.testsupport.TmpfsVolume;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The collector's and the agents' volumes filling up for real (tmpfs volumes and a file that takes
 * their free space), with the real jars: the collector refuses batches with 507 while its volume
 * is full, says so, recovers by itself when space returns, and the run keeps every tick exactly
 * once; a stop during the fault waits for the store, or, when the fault outlasts
 * store-recovery-timeout, run.json names exactly the rows that could not be written; an agent
 * whose spool volume fills during a collector outage keeps sampling and counts what it drops.
 */
// Each case has its own cluster and volume: they run side by side (junit-platform.properties).
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class StoreFailureTest {
    private final Http http = new Http();

    @org.junit.jupiter.api.extension.RegisterExtension
    final LocalCluster cluster = new LocalCluster();

    private TmpfsVolume data;
    private TmpfsVolume spool;

    @AfterEach
    void unmount() throws Exception {
        if (data != null) {
            data.close();
        }
        if (spool != null) {
            spool.close();
        }
    }

    private static String url(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private JsonNode status(int port) throws Exception {
        return http.call("GET", url(port, "/status"), null);
    }

    private String storeState(int port) throws Exception {
        return status(port).get("store").get("state").asString();
    }

    private int readiness(int port) throws Exception {
        return http.exchange("GET", url(port, "/actuator/health/readiness"), null)
                .status();
    }

    private String start(int port, String dir, long interval) throws Exception {
        String runId = http.call(
                        "POST", url(port, "/start"), "{\"outputDir\":\"" + dir + "\",\"intervalMs\":" + interval + "}")
                .get("runId")
                .asString();
        Http.await(
                "first rows",
                Duration.ofSeconds(30),
                () -> status(port).get("rows").asLong() > 0 ? true : null);
        return runId;
    }

    /** A collector on a 200-MiB data volume and two agents. */
    private int collectorAndTwoAgents(String... extra) throws Exception {
        data = TmpfsVolume.mount(cluster.work().resolve("data"), 200L << 20, 100_000);
        String[] args = new String[extra.length + 1];
        args[0] = "--kubemon.collector.store-probe-max-backoff=1s";
        System.arraycopy(extra, 0, args, 1, extra.length);
        ServiceProcess c = cluster.collector(0, data.path(), args);
        int port = c.awaitPort();
        cluster.agent("node-a", port).awaitPort();
        cluster.agent("node-b", port).awaitPort();
        cluster.awaitReady(port);
        cluster.awaitConnected(port, 2);
        return port;
    }

    private ServiceProcess collector() {
        return cluster.started().get(0);
    }

    /** A batch sent during the fault by a client of our own: what an agent is answered. */
    private Http.Answer batchDuringTheFault(int port, String runId) throws Exception {
        String agentId = http.call(
                        "POST",
                        url(port, "/api/v1/agents"),
                        "{\"nodeName\":\"probe\",\"address\":\"http://probe:1\",\"monitors\":[\"os\"]}")
                .get("agentId")
                .asString();
        String sample = "{\"table\":\"os_net\",\"source\":\"probe\",\"timestamp\":" + System.currentTimeMillis()
                + ",\"intervalMs\":1000,\"values\":{\"interface\":\"eth0\",\"receive_bytes\":1}}";
        return http.exchange(
                "POST",
                url(port, "/api/v1/batches"),
                "{\"agentId\":\"" + agentId + "\",\"runId\":\"" + runId + "\",\"seq\":1,\"samples\":[" + sample + "]}");
    }

    @Test
    void aDataVolumeThatFillsForTwelveSecondsLosesNoTickAt500And1000Ms() throws Exception {
        int port = collectorAndTwoAgents();
        int faults = 0;
        for (long interval : new long[] {500, 1000}) {
            String dir = "full-" + interval;
            String runId = start(port, dir, interval);
            Thread.sleep(6000);
            data.fill(0);
            Instant filled = Instant.now();
            faults++;
            Http.await(
                    "the store failing",
                    Duration.ofSeconds(20),
                    () -> storeState(port).equals("FAILING") ? true : null);
            Http.await("readiness DOWN", Duration.ofSeconds(10), () -> readiness(port) == 503 ? true : null);
            assertThat(http.exchange("GET", url(port, "/actuator/health/liveness"), null)
                            .status())
                    .as("liveness stays UP: no restart is needed")
                    .isEqualTo(200);
            Http.Answer refused = batchDuringTheFault(port, runId);
            assertThat(refused.status()).as(refused.text()).isEqualTo(507);
            assertThat(refused.body().get("error").asString()).isEqualTo("store_unavailable");
            CliTest.Run cli = CliTest.kubemon("status", "--collector", url(port, ""));
            assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(8);
            assertThat(cli.out()).contains("store: failing since").contains("no space left on the data volume");
            JsonNode instances = http.call("GET", url(port, "/instances"), null);
            assertThat(instances.get("store").get("state").asString()).isEqualTo("FAILING");
            if (interval == 500 && Chromium.requireOrSkip()) {
                JsonNode page = Chromium.state(url(port, "/"), 3000);
                assertThat(page.get("store").asString())
                        .as("the live page says so")
                        .isEqualTo("FAILING");
                Chromium.screenshot(
                        url(port, "/"), ReportBrowserTest.SCREENSHOTS.resolve("live-store-failing.png"), 1400, 900);
            }

            Thread.sleep(Math.max(
                    0,
                    Duration.ofSeconds(12).toMillis()
                            - Duration.between(filled, Instant.now()).toMillis()));
            data.free();
            Http.await(
                    "the store ok",
                    Duration.ofSeconds(20),
                    () -> storeState(port).equals("OK") ? true : null);
            Http.await("readiness UP", Duration.ofSeconds(10), () -> readiness(port) == 200 ? true : null);
            Thread.sleep(10_000);
            JsonNode stop = http.call("POST", url(port, "/stop"), null);
            long stopAt = Instant.parse(stop.get("stopAt").asString()).toEpochMilli();
            JsonNode finished = cluster.awaitFinished(port, runId, Duration.ofSeconds(90));
            assertThat(finished.get("complete").asBoolean())
                    .as(finished.toString())
                    .isTrue();
            RunChecks.completeAndEveryTickOnce(data.path().resolve(dir), 2, stopAt, interval);

            String log = collector().log();
            assertThat(log.lines().filter(l -> l.contains(" ERROR ") && l.contains("data volume failing")))
                    .as("one error line per fault")
                    .hasSize(faults);
            assertThat(log).doesNotContain("unexpected error").doesNotContain("internal_error");
            assertThat(log.lines().filter(l -> l.startsWith("\tat ")))
                    .as("no stack trace")
                    .isEmpty();
        }
        String metrics =
                http.exchange("GET", url(port, "/actuator/prometheus"), null).text();
        assertThat(metrics).containsPattern("kubemon_store_failures_total\\{cause=\"no_space\"[^}]*\\} [1-9]");
        assertThat(metrics)
                .containsPattern("kubemon_batches_rejected_total\\{reason=\"store_unavailable\"[^}]*\\} [1-9]");
    }

    @Test
    void aStopDuringTheFaultWaitsForTheStoreAndTheRunFinishesComplete() throws Exception {
        int port = collectorAndTwoAgents("--kubemon.collector.drain-timeout=5s");
        String runId = start(port, "stop-in-fault", 500);
        Thread.sleep(3000);
        data.fill(0);
        Http.await(
                "the store failing",
                Duration.ofSeconds(20),
                () -> storeState(port).equals("FAILING") ? true : null);
        JsonNode stop = http.call("POST", url(port, "/stop"), null);
        long stopAt = Instant.parse(stop.get("stopAt").asString()).toEpochMilli();
        // Past the drain timeout (5 s) the run waits for its store, not for its agents. The volume is
        // kept full meanwhile: the collector's own writes give back space now and then (a CI run saw
        // the store recover on it and the run finish), and a full volume is what is under test.
        boolean waitedPastTheDrainTimeout = false;
        for (long end = System.currentTimeMillis() + 8000; System.currentTimeMillis() < end; ) {
            data.fill(0);
            JsonNode s = status(port);
            if (s.get("store").get("state").asString().equals("FAILING")) {
                assertThat(s.get("state").asString())
                        .as("while the store fails: " + s)
                        .isEqualTo("stopping");
                waitedPastTheDrainTimeout |= System.currentTimeMillis() - stopAt > 5500;
            }
            Thread.sleep(250);
        }
        assertThat(waitedPastTheDrainTimeout)
                .as("still stopping, the store failing, past the drain timeout")
                .isTrue();
        data.free();
        JsonNode finished = cluster.awaitFinished(port, runId, Duration.ofSeconds(60));
        assertThat(finished.get("complete").asBoolean()).as(finished.toString()).isTrue();
        RunChecks.completeAndEveryTickOnce(data.path().resolve("stop-in-fault"), 2, stopAt, 500);
    }

    @Test
    void aFaultThatOutlastsTheStoreRecoveryTimeoutNamesTheRowsNotWritten() throws Exception {
        int port = collectorAndTwoAgents(
                "--kubemon.collector.drain-timeout=3s", "--kubemon.collector.store-recovery-timeout=6s");
        String runId = start(port, "outlasted", 500);
        Thread.sleep(3000);
        data.fill(0);
        Http.await(
                "the store failing",
                Duration.ofSeconds(20),
                () -> storeState(port).equals("FAILING") ? true : null);
        Thread.sleep(2000); // the agents hold a backlog
        http.call("POST", url(port, "/stop"), null);
        JsonNode finished = cluster.awaitFinished(port, runId, Duration.ofSeconds(30));
        assertThat(finished.get("complete").asBoolean()).isFalse();
        for (JsonNode a : finished.get("agents")) {
            assertThat(a.get("drain").asString()).as(a.toString()).isEqualTo("store_failed");
            assertThat(a.get("droppedRows").get("storeFailed").asLong())
                    .as(a.toString())
                    .isPositive();
            assertThat(a.get("droppedRows").get("drainTimeout").asLong()).isZero();
        }
        CliTest.Run cli = CliTest.kubemon("status", "--collector", url(port, ""));
        assertThat(cli.exit()).as("the volume is still failing").isEqualTo(8);
        assertThat(cli.out()).contains("missing: node-a:").contains("data volume was failing");
        Path runDir = data.path().resolve("outlasted");
        assertThat(RunChecks.runJson(runDir).path("finishedAt").isNull())
                .as("run.json is written once the volume takes writes")
                .isTrue();

        data.free();
        JsonNode meta = Http.await("run.json final", Duration.ofSeconds(30), () -> {
            JsonNode m = RunChecks.runJson(runDir);
            return m.path("finishedAt").isNull() ? null : m;
        });
        Map<String, Long> rows = RunChecks.rowsByAgent(runDir);
        long storeFailed = 0;
        for (String node : List.of("node-a", "node-b")) {
            JsonNode a = RunChecks.agentEntry(meta, node);
            long delivered = rows.get(a.get("agentId").asString());
            assertThat(a.get("deliveredRows").asLong()).as(node).isEqualTo(delivered);
            assertThat(a.get("droppedRows").get("storeFailed").asLong())
                    .as(node + ": exactly the rows sampled and not in the files")
                    .isEqualTo(a.get("sampledRows").asLong() - delivered)
                    .isEqualTo(a.get("missingRows").asLong());
            storeFailed += a.get("droppedRows").get("storeFailed").asLong();
            List<Long> ticks = RunChecks.osTicks(runDir, node);
            assertThat(ticks).as(node + ": each tick at most once").doesNotHaveDuplicates();
        }
        assertThat(meta.get("missingRows").asLong()).isEqualTo(storeFailed);
        assertThat(meta.get("complete").asBoolean()).isFalse();
        assertThat(data.path().resolve(".kubemon-active-run.json")).doesNotExist();
    }

    @Test
    void aStartOnANearlyFullVolumeIsRefusedAndCreatesNothing() throws Exception {
        int port = collectorAndTwoAgents();
        data.fill(100L << 20); // 100 MiB free: less than two 64-MiB journal segments
        Http.Answer r = http.exchange("POST", url(port, "/start"), "{\"outputDir\":\"nearly\",\"intervalMs\":500}");
        assertThat(r.status()).as(r.text()).isEqualTo(507);
        assertThat(r.body().get("error").asString()).isEqualTo("insufficient_space");
        assertThat(data.path().resolve("nearly")).doesNotExist();
        CliTest.Run cli = CliTest.kubemon("start", "nearly", "--collector", url(port, ""));
        assertThat(cli.exit()).isEqualTo(8);
        assertThat(cli.err()).contains("MiB free");
    }

    @Test
    void anAgentWhoseSpoolVolumeFillsDuringACollectorOutageKeepsSamplingAndCountsWhatItDrops() throws Exception {
        // Where the cluster puts the agent's spool directory.
        spool = TmpfsVolume.mount(cluster.work().resolve("spool-node-s"), 4L << 20, 10_000);
        ServiceProcess c = cluster.collector(0);
        int port = c.awaitPort();
        ServiceProcess agent = cluster.agent("node-s", port, "--kubemon.agent.max-queued-batches=4");
        int agentPort = agent.awaitPort();
        cluster.awaitReady(port);
        cluster.awaitConnected(port, 1);
        String runId = start(port, "spool-full", 200);
        Thread.sleep(2000);
        c.signal("STOP"); // the collector away: the agent queues, then spools
        Http.await(
                "batches spooled",
                Duration.ofSeconds(30),
                () -> agentDetails(agentPort).get("spooledBatches").asInt() > 3 ? true : null);
        spool.fill(0);
        JsonNode full = Http.await("the spool's notice", Duration.ofSeconds(30), () -> {
            JsonNode d = agentDetails(agentPort);
            return d.get("notices").toString().contains("spool directory not writable")
                            && d.get("droppedRows").asLong() > 0
                    ? d
                    : null;
        });
        long ticksBefore = full.get("ticks").asLong();
        Http.await(
                "sampling goes on",
                Duration.ofSeconds(10),
                () -> agentDetails(agentPort).get("ticks").asLong() > ticksBefore + 5 ? true : null);
        spool.free();
        Http.await(
                "spooling again",
                Duration.ofSeconds(30),
                () -> !agentDetails(agentPort).get("notices").toString().contains("spool directory not writable")
                        ? true
                        : null);
        c.signal("CONT");
        http.call("POST", url(port, "/stop"), null);
        cluster.awaitFinished(port, runId, Duration.ofSeconds(90));
        Path runDir = cluster.data().resolve("spool-full");
        JsonNode meta = Http.await("the agent's account", Duration.ofSeconds(30), () -> {
            JsonNode m = RunChecks.runJson(runDir);
            JsonNode a = RunChecks.agentEntry(m, "node-s");
            return a.get("drain").asString().equals("delivered") ? m : null;
        });
        JsonNode a = RunChecks.agentEntry(meta, "node-s");
        long delivered = RunChecks.rowsByAgent(runDir).get(a.get("agentId").asString());
        long spoolFull = a.get("droppedRows").get("spoolFull").asLong();
        assertThat(spoolFull).as("rows the full spool cost are counted").isPositive();
        assertThat(a.get("sampledRows").asLong())
                .as("sampled = in the files + dropped for a full spool, exactly")
                .isEqualTo(delivered + spoolFull);
        assertThat(RunChecks.osTicks(runDir, "node-s")).doesNotHaveDuplicates();
        assertThat(agent.alive()).isTrue();
        assertThat(agent.log().lines().filter(l -> l.contains("cannot spool to")))
                .as("said once")
                .hasSize(1);
    }

    private JsonNode agentDetails(int agentPort) throws Exception {
        return http.call("GET", url(agentPort, "/actuator/health"), null)
                .get("components")
                .get("kubemon")
                .get("details");
    }
}
