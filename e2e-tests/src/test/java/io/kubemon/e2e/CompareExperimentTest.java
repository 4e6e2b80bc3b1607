package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.testsupport.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An interference experiment for real, as docs/experiments.md tells it: {@code kubemon run
 * --repeat} of a busy loop in a Docker container, then {@code kubemon compare}. An A/A comparison
 * (the same container at {@code --cpus 0.3} on both sides, five runs each, taken in turn so that
 * the machine's own drift falls on both) flags at most 5 % of the workload's metrics; {@code --cpus
 * 0.3} against {@code 0.6} finds the CPU doubled, 2.0 inside its interval; two loops pinned to one
 * CPU against the same on two CPUs finds their wait for a CPU fallen. A Ctrl-C ends a repeat after
 * the current run.
 */
// Its figures are CPU shares of the Docker engine's containers: it takes turns with the other classes
// that load the engine.
@org.junit.jupiter.api.parallel.ResourceLock("docker-engine-load")
class CompareExperimentTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String IMAGE = "kubemon-test-busybox:latest";
    private static final String BUSY = "while :; do :; done";

    @RegisterExtension
    final LocalCluster cluster = new LocalCluster();

    /**
     * {@code kubemon run --repeat n} of one container for three seconds: NAME-1 … NAME-n in the
     * collector's data root. The container's name is the workload's across the runs.
     */
    private List<Path> repeat(int port, String name, String container, int n, String dockerArgs, String script)
            throws Exception {
        String command = "docker run -d --name " + container + " " + dockerArgs + " " + IMAGE + " sh -c '" + script
                + "' >/dev/null && sleep 3; docker rm -f " + container + " >/dev/null";
        Shell.Result r = Shell.exec(
                cluster.work(),
                null,
                Duration.ofMinutes(5),
                Commands.kubemon(
                        port,
                        "run",
                        "--repeat",
                        Integer.toString(n),
                        "--pause",
                        "0s",
                        "--out",
                        name,
                        "--interval",
                        "250ms",
                        "--",
                        "sh",
                        "-c",
                        command));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains(n + " of " + n + " runs done, every COMMAND exited 0");
        assertThat(r.output()).as("every mark set, every run complete").doesNotContain("warning", "not complete");
        List<Path> runs = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            runs.add(cluster.data().resolve(name + "-" + i));
            assertThat(runs.get(i - 1).resolve("run.json")).exists();
        }
        return runs;
    }

    /** compare A --vs B over the container's busy seconds, as JSON records. */
    private JsonNode compare(List<Path> a, List<Path> b) throws Exception {
        List<String> args = new ArrayList<>(List.of("compare"));
        a.forEach(p -> args.add(p.toString()));
        args.add("--vs");
        b.forEach(p -> args.add(p.toString()));
        args.addAll(List.of("--align", "command started", "--window", "1s..3s", "--json"));
        Shell.Result r = Shell.exec(
                cluster.work(), null, Duration.ofMinutes(3), Commands.kubemon(0, args.toArray(String[]::new)));
        assertThat(r.exit()).as(r.output()).isZero();
        String out = r.output();
        return JSON.readTree(out.substring(out.indexOf("\n[") + 1, out.lastIndexOf(']') + 1));
    }

    private static JsonNode row(JsonNode rows, String monitor, String entity, String metric) {
        for (JsonNode r : rows) {
            if (r.get("monitor").asString().equals(monitor)
                    && r.get("entity").asString().equals(entity)
                    && r.get("metric").asString().equals(metric)) {
                return r;
            }
        }
        throw new AssertionError("no " + monitor + " " + entity + " " + metric);
    }

    private int cluster() throws Exception {
        assertThat(Path.of("/var/run/docker.sock"))
                .as("the Docker engine (scripts/docker-for-tests.sh starts it)")
                .exists();
        return cluster.withOneAgent("cmp-node", true);
    }

    @Test
    void anAaComparisonIsQuietAndKnownEffectsAreFound() throws Exception {
        int port = cluster();
        List<Path> capped = repeat(port, "cap03", "kubemon-compare-busy", 10, "--cpus 0.3", BUSY);
        List<Path> odd = new ArrayList<>();
        List<Path> even = new ArrayList<>();
        for (int i = 0; i < capped.size(); i++) {
            (i % 2 == 0 ? odd : even).add(capped.get(i));
        }
        JsonNode aa = compare(odd, even);
        long workload = 0;
        long flagged = 0;
        for (JsonNode r : aa) {
            String monitor = r.get("monitor").asString();
            if ((monitor.equals("container") || monitor.equals("process"))
                    && r.get("a_runs").asInt() > 0
                    && r.get("b_runs").asInt() > 0) {
                workload++;
                flagged += r.get("changed").asBoolean() ? 1 : 0;
            }
        }
        assertThat(workload)
                .as("the container's and its process's metrics compared")
                .isGreaterThan(20);
        assertThat(flagged)
                .as("A/A: metrics flagged of " + workload + ": " + aa)
                .isLessThanOrEqualTo(workload / 20);

        List<Path> doubled = repeat(port, "cap06", "kubemon-compare-busy", 3, "--cpus 0.6", BUSY);
        JsonNode c = row(compare(odd, doubled), "container", "kubemon-compare-busy", "cpu_usage_seconds");
        assertThat(c.get("a_runs").asInt()).isEqualTo(5);
        assertThat(c.get("b_runs").asInt()).isEqualTo(3);
        assertThat(c.get("a_mean").asDouble()).as(c.toString()).isBetween(0.25, 0.33);
        assertThat(c.get("ci_low").asDouble()).as(c.toString()).isLessThanOrEqualTo(2.0);
        assertThat(c.get("ci_high").asDouble()).as(c.toString()).isGreaterThanOrEqualTo(2.0);
        assertThat(c.get("changed").asBoolean()).as(c.toString()).isTrue();
        System.out.println("compare: --cpus 0.6 against 0.3: " + c);

        // The report of both sides: what changed drawn first, in a real browser, without an error.
        Path html = cluster.work().resolve("cmp.html");
        List<String> report = new ArrayList<>(List.of("report"));
        odd.forEach(p -> report.add(p.toString()));
        report.add("--vs");
        doubled.forEach(p -> report.add(p.toString()));
        report.addAll(List.of("--align", "command started", "--window", "1s..3s", "-o", html.toString()));
        Shell.Result written = Shell.exec(
                cluster.work(), null, Duration.ofMinutes(3), Commands.kubemon(0, report.toArray(String[]::new)));
        assertThat(written.exit()).as(written.output()).isZero();
        assertThat(written.output()).containsPattern("comparison: [1-9]\\d* of \\d+ metrics changed");
        if (Chromium.requireOrSkip()) {
            JsonNode state = Chromium.state(html.toUri().toString(), 5000);
            assertThat(state.get("errors")).as(state.toString()).isEmpty();
            assertThat(state.get("comparisonRows").asInt()).as(state.toString()).isPositive();
        }

        String twoLoops = BUSY + " & " + BUSY;
        List<Path> oneCpu = repeat(port, "pin1", "kubemon-compare-pin", 1, "--cpuset-cpus 0", twoLoops);
        List<Path> twoCpus = repeat(port, "pin2", "kubemon-compare-pin", 1, "--cpuset-cpus 0,1", twoLoops);
        JsonNode wait = row(compare(oneCpu, twoCpus), "container", "kubemon-compare-pin", "sched_wait_seconds");
        assertThat(wait.get("resampled").asString()).isEqualTo("blocks");
        assertThat(wait.get("ratio").asDouble()).as(wait.toString()).isLessThan(1.0);
        assertThat(wait.get("changed").asBoolean()).as(wait.toString()).isTrue();
    }

    @Test
    void aSigintEndsTheRepeatAfterTheCurrentRun() throws Exception {
        int port = cluster.withOneAgent("cmp-quiet", false);
        Path log = cluster.work().resolve("repeat.log");
        Process p = new ProcessBuilder(
                        Commands.kubemon(port, "run", "--repeat", "3", "--pause", "1m", "--out", "rep", "--", "true"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            Http.await(
                    "the pause after the first run",
                    Duration.ofSeconds(90),
                    () -> Files.readString(log).contains("pausing") ? true : null);
            Shell.exec(null, null, Duration.ofSeconds(10), List.of("kill", "-INT", Long.toString(p.pid())));
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(log);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("stopped after run 1 of 3", "1 of 3 runs done, every COMMAND exited 0");
        } finally {
            p.destroyForcibly();
        }
        assertThat(cluster.data().resolve("rep-1/run.json")).exists();
        assertThat(cluster.data().resolve("rep-2")).doesNotExist();
    }
}
