package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.testsupport.CsvRows;
import io.kubemon.testsupport.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * An experiment in one command, from outside: {@code kubemon run} as a separate process against a
 * real collector and agent on loopback. COMMAND's exit code is kubemon's, its marks are in the run's
 * events table, the run is finished and complete, fetched, and its report in Chromium has a
 * timeline row and a marker for every event the files hold; a run already active refuses before
 * COMMAND starts; a SIGINT reaches COMMAND and the run is still stopped; marks through the CLI and
 * over plain HTTP, with their refusals.
 */
class ExperimentTest {
    @RegisterExtension
    final LocalCluster cluster = new LocalCluster();

    private final Http http = new Http();

    private static List<String> kubemon(int port, String... args) {
        return Commands.kubemon(port, args);
    }

    /** Every row of the run's events files, the collector's and the agents'. */
    private static List<Map<String, String>> events(Path run) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(run.resolve("events"))) {
            for (Path f : s.sorted().toList()) {
                out.addAll(CsvRows.byColumn(f));
            }
        }
        return out;
    }

    private static List<String> marks(Path run) throws IOException {
        return events(run).stream()
                .filter(e -> e.get("kind").equals("mark"))
                .map(e -> e.get("detail"))
                .toList();
    }

    private int cluster() throws Exception {
        return cluster.withOneAgent("exp-node", false);
    }

    @Test
    void aCommandInsideARunItsMarksItsExitCodeTheFetchAndTheReport() throws Exception {
        int port = cluster();
        Path fetched = cluster.work().resolve("fetched");
        Shell.Result r = Shell.exec(
                cluster.work(),
                null,
                Duration.ofMinutes(3),
                kubemon(
                        port,
                        "run",
                        "--out",
                        "exp1",
                        "--interval",
                        "500ms",
                        "--fetch",
                        fetched.toString(),
                        "--report",
                        "--",
                        "sh",
                        "-c",
                        "echo from-the-command; sleep 3; exit 3"));
        assertThat(r.exit()).as(r.output()).isEqualTo(3);
        assertThat(r.output()).contains("from-the-command", "kubemon: run ", " finished: ");

        Path run = fetched.resolve("exp1");
        assertThat(marks(run))
                .containsExactly(
                        "command started: sh -c echo from-the-command; sleep 3; exit 3", "command exited (code 3)");
        List<String> kinds = events(run).stream().map(e -> e.get("kind")).toList();
        assertThat(kinds).contains("run_started", "run_stopping", "run_finished");
        JsonNode runJson = new tools.jackson.databind.json.JsonMapper()
                .readTree(run.resolve("run.json").toFile());
        assertThat(runJson.get("state").asString()).isEqualTo("finished");
        assertThat(runJson.get("complete").asBoolean()).as(runJson.toString()).isTrue();

        Path report = run.resolve("report.html");
        assertThat(report).exists();
        if (Chromium.requireOrSkip()) {
            JsonNode state = Chromium.state(report.toUri() + "#all", 5000);
            int events = events(run).size();
            assertThat(state.get("errors")).isEmpty();
            assertThat(state.get("events").asInt()).isEqualTo(events);
            assertThat(state.get("timelineRows").asInt())
                    .as("a timeline row per event")
                    .isEqualTo(events);
            assertThat(state.get("markedEvents").asInt())
                    .as("every event of the files drawn on a chart it concerns")
                    .isEqualTo(events);
            assertThat(state.get("markers").asInt()).isGreaterThanOrEqualTo(events);
            assertThat(state.get("heatRows").asInt())
                    .as("the node's CPUs as a heat strip, a row each")
                    .isEqualTo(Runtime.getRuntime().availableProcessors());
        }
    }

    @Test
    void aRunAlreadyActiveRefusesBeforeTheCommandAndASigintStillStopsTheRun() throws Exception {
        int port = cluster();
        String base = "http://127.0.0.1:" + port;
        Path witness = cluster.work().resolve("ran");
        Path log = cluster.work().resolve("run.log");
        Process p = new ProcessBuilder(kubemon(port, "run", "--out", "exp2", "--", "sleep", "120"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            Http.await(
                    "the command's start mark",
                    Duration.ofSeconds(60),
                    () -> Files.exists(cluster.data().resolve("exp2/events/collector.csv"))
                                    && marks(cluster.data().resolve("exp2")).size() == 1
                            ? true
                            : null);

            // Another run while this one is active: refused, COMMAND never started.
            Shell.Result busy = Shell.exec(
                    cluster.work(),
                    null,
                    Duration.ofMinutes(1),
                    kubemon(port, "run", "--out", "exp3", "--", "touch", witness.toString()));
            assertThat(busy.exit()).as(busy.output()).isEqualTo(5);
            assertThat(witness).doesNotExist();

            // Marks: through the CLI, and over plain HTTP, with their refusals.
            Shell.Result mark =
                    Shell.exec(cluster.work(), null, Duration.ofMinutes(1), kubemon(port, "mark", "phase 2"));
            assertThat(mark.exit()).as(mark.output()).isZero();
            assertThat(mark.output()).contains("marked 'phase 2'");
            assertThat(http.exchange("POST", base + "/runs/current/marks", "{\"label\":\"over http\"}")
                            .status())
                    .isEqualTo(201);
            assertThat(http.exchange("POST", base + "/runs/current/marks", "{\"label\":\"\"}")
                            .status())
                    .isEqualTo(400);
            Shell.Result badAt =
                    Shell.exec(cluster.work(), null, Duration.ofMinutes(1), kubemon(port, "mark", "x", "--at", "noon"));
            assertThat(badAt.exit()).isEqualTo(2);

            // SIGINT to kubemon alone: it goes on to COMMAND, and the run is stopped all the same.
            Shell.exec(null, null, Duration.ofSeconds(10), List.of("kill", "-INT", Long.toString(p.pid())));
            assertThat(p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(log)).isEqualTo(130);
        } finally {
            p.destroyForcibly();
        }
        JsonNode status = http.call("GET", base + "/status", null);
        assertThat(status.get("state").asString()).isEqualTo("finished");
        assertThat(status.get("outputDir").asString()).isEqualTo("exp2");
        assertThat(marks(cluster.data().resolve("exp2")))
                .containsExactly("command started: sleep 120", "phase 2", "over http", "command exited (code 130)");
        Shell.Result after = Shell.exec(cluster.work(), null, Duration.ofMinutes(1), kubemon(port, "mark", "late"));
        assertThat(after.exit()).as("no run: a conflict").isEqualTo(5);
    }
}
