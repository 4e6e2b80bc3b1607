package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The HTML report of runs made by the real services, opened in a real headless Chromium: no
 * script error, no request leaves the page, every chart of the data drawn with its series, the
 * agent's freeze a gap in the charts, and two runs compared. Screenshots are kept in
 * target/screenshots.
 */
class ReportBrowserTest {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @RegisterExtension
    final LocalCluster cluster = new LocalCluster();

    private final Http http = new Http();

    @BeforeEach
    void chromium() {
        Assumptions.assumeTrue(
                Chromium.requireOrSkip(),
                "chromium is not installed (scripts/docker-for-tests.sh installs it as root)");
    }

    static JsonNode embedded(Path html) throws Exception {
        return io.kubemon.report.Report.data(Files.readString(html));
    }

    private String run(int port, String dir, long intervalMs, Runnable during) throws Exception {
        String url = "http://127.0.0.1:" + port;
        String runId = http.call(
                        "POST", url + "/start", "{\"outputDir\":\"" + dir + "\",\"intervalMs\":" + intervalMs + "}")
                .get("runId")
                .asString();
        Http.await(
                "rows",
                Duration.ofSeconds(30),
                () -> http.call("GET", url + "/status", null).get("rows").asLong() > 0 ? true : null);
        during.run();
        JsonNode done = http.call("POST", url + "/stop?wait=true", null);
        assertThat(done.get("state").asString()).isEqualTo("finished");
        return runId;
    }

    @Test
    void aRealRunsReportOpensOfflineWithEveryChartItsGapAndAComparison() throws Exception {
        ServiceProcess c = cluster.collector(0);
        int port = c.awaitPort();
        ServiceProcess agent = cluster.agent("node-r", port);
        agent.awaitPort();
        cluster.awaitReady(port);
        cluster.awaitConnected(port, 1);
        run(port, "exp", 500, () -> {
            try {
                Thread.sleep(3000);
                agent.signal("STOP"); // frozen: no tick for 3 s, a gap in the run
                Thread.sleep(3000);
                agent.signal("CONT");
                Thread.sleep(3000);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        run(port, "baseline", 500, () -> sleep(4000));
        Path exp = cluster.data().resolve("exp");

        CliTest.Run cli = CliTest.kubemon("report", exp.toString());
        assertThat(cli.exit()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("wrote " + exp.resolve("report.html"));
        Path html = exp.resolve("report.html");
        JsonNode data = embedded(html);

        JsonNode state = Chromium.state(html.toUri() + "#all", 5000);
        assertThat(state.get("errors")).as("script errors").isEmpty();
        assertThat(state.get("violations")).as("requests the page tried").isEmpty();
        Map<String, Integer> seriesPerChart = new HashMap<>();
        for (JsonNode s : data.get("sections")) {
            for (JsonNode ch : s.get("charts")) {
                seriesPerChart.put(
                        s.get("key").asString() + "/" + ch.get("id").asString(),
                        ch.get("series").size());
            }
        }
        assertThat(state.get("charts").asInt()).isEqualTo(seriesPerChart.size()).isGreaterThanOrEqualTo(7);
        assertThat(state.get("drawn")).hasSize(seriesPerChart.size());
        for (JsonNode d : state.get("drawn")) {
            assertThat(d.get("series").asInt())
                    .as(d.get("chart").asString())
                    .isEqualTo(seriesPerChart.get(d.get("chart").asString()));
            assertThat(d.get("spanGaps").asBoolean()).isFalse();
        }
        // The interfaces of the node's network chart are those of its file.
        assertThat(seriesPerChart.get("node:node-r/net_bytes"))
                .isEqualTo(2 * distinct(exp.resolve("os/node-r.net.csv"), 5));

        // The freeze: ticks missing from the OS file are nulls in the drawn CPU chart.
        List<Long> ticks = new ArrayList<>();
        for (String[] row : rows(exp.resolve("os/node-r.csv"))) {
            ticks.add(Instant.parse(row[0]).toEpochMilli());
        }
        long missing = 0;
        for (int i = 1; i < ticks.size(); i++) {
            missing += (ticks.get(i) - ticks.get(i - 1)) / 500 - 1;
        }
        assertThat(missing).as("the 3-s freeze left ticks out of the file").isGreaterThanOrEqualTo(4);
        JsonNode cpu = drawn(state, "node:node-r/cpu");
        assertThat(cpu.get("nulls").asLong())
                .as("a gap per series and missing tick")
                .isGreaterThanOrEqualTo(missing * cpu.get("series").asLong());
        Chromium.screenshot(html.toUri().toString(), SCREENSHOTS.resolve("report.png"), 1400, 1800);

        Path compare = cluster.work().resolve("compare.html");
        CliTest.Run both = CliTest.kubemon(
                "report", exp.toString(), cluster.data().resolve("baseline").toString(), "-o", compare.toString());
        assertThat(both.exit()).as(both.err()).isZero();
        JsonNode cmp = Chromium.state(compare.toUri() + "#all", 5000);
        assertThat(cmp.get("errors")).isEmpty();
        assertThat(cmp.get("violations")).isEmpty();
        List<String> labels = new ArrayList<>();
        drawn(cmp, "node:node-r/load").get("labels").forEach(l -> labels.add(l.asString()));
        assertThat(labels).contains("run 1 load1", "run 2 load1");
        Chromium.screenshot(compare.toUri().toString(), SCREENSHOTS.resolve("report-compare.png"), 1400, 1200);
    }

    /** The report of a real recorded run with containers and processes (report/src/test/resources/fixtures). */
    @Test
    void containersAndTheirTopProcessesAreDrawn() throws Exception {
        Path fixture = Path.of("..", "report", "src", "test", "resources", "fixtures", "run-docker-500ms")
                .toAbsolutePath()
                .normalize();
        Path out = cluster.work().resolve("containers.html");
        CliTest.Run cli = CliTest.kubemon("report", fixture.toString(), "-o", out.toString());
        assertThat(cli.exit()).as(cli.err()).isZero();
        JsonNode state = Chromium.state(out.toUri() + "#all", 5000);
        assertThat(state.get("errors")).isEmpty();
        assertThat(state.get("violations")).isEmpty();
        assertThat(state.get("sections").asInt()).isEqualTo(3);
        assertThat(drawn(state, "container:rep-cpu@vm/top_cpu").get("series").asInt())
                .isEqualTo(1);
        assertThat(drawn(state, "container:rep-mem@vm/memory").get("labels").toString())
                .contains("usage", "working set");
        // Not "#all": only what is in view is drawn at first; the rest waits for scrolling. What is
        // in view is drawn by an IntersectionObserver, which headless Chromium runs only once it
        // renders a frame: on a busy machine that can come after a short virtual-time budget (seen
        // once in CI: nothing drawn after 3 s), so the budget grows before "nothing drawn" counts.
        JsonNode lazy = null;
        for (int budget : new int[] {3000, 6000, 12000}) {
            lazy = Chromium.state(out.toUri().toString(), budget);
            if (lazy.get("drawn").size() > 0) {
                break;
            }
        }
        assertThat(lazy.get("drawn").size())
                .isGreaterThan(0)
                .isLessThan(state.get("drawn").size());
        Chromium.screenshot(out.toUri().toString(), SCREENSHOTS.resolve("report-containers.png"), 1400, 2400);
    }

    static JsonNode drawn(JsonNode state, String chart) {
        for (JsonNode d : state.get("drawn")) {
            if (d.get("chart").asString().equals(chart)) {
                return d;
            }
        }
        throw new AssertionError("chart " + chart + " was not drawn: " + state.get("drawn"));
    }

    private static List<String[]> rows(Path csv) throws Exception {
        return io.kubemon.testsupport.CsvRows.rows(csv);
    }

    private static int distinct(Path csv, int column) throws Exception {
        return (int) rows(csv).stream().map(r -> r[column]).distinct().count();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
