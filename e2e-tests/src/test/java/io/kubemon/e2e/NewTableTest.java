package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.common.schema.Schemas;
import io.kubemon.example.tcp.TcpTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The proof that a new table is one declaration and one source: {@code os_tcp} exists only in the
 * example extension (examples/os-tcp, a table provider and a source), added to the unchanged jars'
 * class paths. Its real rows go through a real agent, the collector's validation and files,
 * {@code kubemon report} (its charts drawn in headless Chromium), {@code merge} (left out by name)
 * and {@code fetch} (byte for byte), with no edit anywhere else.
 */
class NewTableTest {
    static final Path EXTENSION = Path.of("..", "examples", "os-tcp", "target", "example-os-tcp.jar")
            .toAbsolutePath()
            .normalize();

    @RegisterExtension
    final LocalCluster cluster = new LocalCluster().withExtension(EXTENSION);

    private final Http http = new Http();

    @Test
    void aTableDeclaredOutsideKubemonFlowsFromTheAgentToTheReportMergeAndFetch() throws Exception {
        assertThat(EXTENSION).as("the extension is built before these tests").exists();
        Assumptions.assumeTrue(
                Chromium.requireOrSkip(),
                "chromium is not installed (scripts/docker-for-tests.sh installs it as root)");
        assertThat(Schemas.byName("os_tcp"))
                .as("the table is the extension's, found on the class path")
                .isPresent();

        int port = cluster.collector(0).awaitPort();
        cluster.agent("node-t", port).awaitPort();
        cluster.awaitReady(port);
        cluster.awaitConnected(port, 1);
        String url = "http://127.0.0.1:" + port;
        http.call("POST", url + "/start", "{\"outputDir\":\"tcp\",\"intervalMs\":500}");
        Path run = cluster.data().resolve("tcp");
        Path file = run.resolve("os").resolve(TcpTables.OS_TCP.fileName("node-t"));
        Http.await(
                "rows of os_tcp",
                Duration.ofSeconds(60),
                () -> Files.exists(file) && Files.readAllLines(file).size() > 6 ? true : null);
        JsonNode done = http.call("POST", url + "/stop?wait=true", null);
        assertThat(done.get("state").asString()).isEqualTo("finished");
        assertThat(done.get("complete").asBoolean()).as(done.toString()).isTrue();

        // The collector's files: the table's own header, real counters (the agent's batches to the
        // collector are TCP segments on loopback, so segments_sent grows).
        List<Map<String, String>> rows = io.kubemon.testsupport.CsvRows.byColumnIn(file.getParent()).stream()
                .filter(r -> r.containsKey("segments_sent"))
                .toList();
        assertThat(Files.readAllLines(file).get(0)).isEqualTo(String.join(",", TcpTables.OS_TCP.header()));
        assertThat(rows).hasSizeGreaterThan(5);
        assertThat(rows).allMatch(r -> r.get("node").equals("node-t"));
        assertThat(rows.stream()
                        .mapToLong(r -> Long.parseLong(r.get("segments_sent")))
                        .sum())
                .as("segments sent over the run")
                .isPositive();
        assertThat(done.get("monitors").get("os").get("files").asInt())
                .as("os, os_disk, os_net, os_cpu and os_tcp")
                .isEqualTo(5);

        // The report: the table has no chart definitions, so it gets the generic ones, in the node's section.
        CliTest.Run report = CliTest.kubemon("report", run.toString());
        assertThat(report.exit()).as(report.err()).isZero();
        Path html = run.resolve("report.html");
        JsonNode data = io.kubemon.report.Report.data(Files.readString(html));
        JsonNode node = null;
        for (JsonNode s : data.get("sections")) {
            if (s.get("key").asString().equals("node:node-t")) {
                node = s;
            }
        }
        assertThat(node).as("the node's section").isNotNull();
        List<String> tcpCharts = node.get("charts")
                .valueStream()
                .map(c -> c.get("id").asString())
                .filter(id -> id.startsWith("os_tcp."))
                .toList();
        assertThat(tcpCharts).as("one chart per numeric column").hasSize((int) TcpTables.OS_TCP.columns().stream()
                .filter(c -> c.kind() != io.kubemon.common.schema.Kind.LABEL)
                .count());
        assertThat(data.get("sections").valueStream().map(s -> s.get("key").asString()))
                .as("never taken for a node named node-t.tcp")
                .noneMatch(k -> k.contains("node-t.tcp"));
        JsonNode state = Chromium.state(html.toUri() + "#all", 5000);
        assertThat(state.get("errors")).as("script errors").isEmpty();
        List<String> drawn = state.get("drawn")
                .valueStream()
                .map(d -> d.get("chart").asString())
                .toList();
        for (String id : tcpCharts) {
            assertThat(drawn).as("drawn in Chromium").contains("node:node-t/" + id);
        }
        Chromium.screenshot(
                html.toUri().toString(), ReportBrowserTest.SCREENSHOTS.resolve("report-new-table.png"), 1400, 2400);

        // merge joins its tables and names the others; fetch takes every file as it is.
        CliTest.Run merge = CliTest.kubemon("merge", run.toString());
        assertThat(merge.exit()).as(merge.err()).isZero();
        assertThat(merge.err())
                .contains("ignoring")
                .contains("os/" + TcpTables.OS_TCP.fileName("node-t") + " (os_tcp)");
        Path into = cluster.work().resolve("fetched");
        CliTest.Run fetch = CliTest.kubemon("fetch", "tcp", "-d", into.toString(), "--collector", url);
        assertThat(fetch.exit()).as(fetch.err()).isZero();
        Path copy = into.resolve("tcp").resolve("os").resolve(file.getFileName().toString());
        assertThat(Files.mismatch(file, copy)).as("fetched byte for byte").isEqualTo(-1L);
    }
}
