package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The collector shows its runs, with the real jars on loopback: the list, a report rendered from
 * the files of the active run, the archive {@code kubemon fetch} unpacks, and the live page in a
 * real headless Chromium. With a token, the runs' data needs it whatever protect-reads says; the
 * live page asks for it. A name leading out of the data root is refused.
 */
class RunsApiTest {
    private static final String TOKEN = "s3cret-token";

    @RegisterExtension
    final LocalCluster cluster = new LocalCluster();

    private final HttpClient client = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    private HttpResponse<byte[]> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void withATokenTheRunsDataNeedsItAndFetchUnpacksTheFiles() throws Exception {
        ServiceProcess c = cluster.collector(0, "--kubemon.security.token=" + TOKEN);
        int port = c.awaitPort();
        cluster.agent("node-f", port, "--kubemon.security.token=" + TOKEN).awaitPort();
        cluster.awaitReady(port);
        String url = "http://127.0.0.1:" + port;
        Http authed = new Http(HttpClient.newHttpClient(), TOKEN);
        Http.await(
                "agent",
                Duration.ofSeconds(120),
                () -> authed.call("GET", url + "/instances", null)
                                        .get("instances")
                                        .size()
                                == 1
                        ? true
                        : null);
        authed.call("POST", url + "/start", "{\"outputDir\":\"team/exp-1\",\"intervalMs\":500}");
        Http.await(
                "rows",
                Duration.ofSeconds(30),
                () -> authed.call("GET", url + "/status", null).get("rows").asLong() > 10 ? true : null);

        // Reads stay open (protect-reads is false), but the runs' data does not.
        assertThat(get(url + "/", null).statusCode())
                .as("the live page itself holds no data")
                .isEqualTo(200);
        assertThat(get(url + "/live", null).statusCode()).isEqualTo(200);
        assertThat(get(url + "/runs", null).statusCode()).isEqualTo(401);
        assertThat(get(url + "/runs/team/exp-1/report", null).statusCode()).isEqualTo(401);
        assertThat(get(url + "/runs/team/exp-1/files", "wrong").statusCode()).isEqualTo(401);

        JsonNode list = json.readTree(get(url + "/runs", TOKEN).body());
        assertThat(list.get("runs")).hasSize(1);
        JsonNode entry = list.get("runs").get(0);
        assertThat(entry.get("outputDir").asString()).isEqualTo("team/exp-1");
        assertThat(entry.get("state").asString()).isEqualTo("collecting");

        // The report of the active run: what is written so far.
        HttpResponse<byte[]> report = get(url + "/runs/team/exp-1/report", TOKEN);
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(report.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("default-src 'none'");
        assertThat(new String(report.body())).contains("kubemon-data").contains("node:node-f");

        // Out of the data root, or nothing there.
        Files.createSymbolicLink(cluster.data().resolve("escape"), Path.of("/etc"));
        HttpResponse<byte[]> out = get(url + "/runs/escape/files", TOKEN);
        assertThat(out.statusCode()).isEqualTo(400);
        assertThat(new String(out.body())).contains("outside the data root");
        assertThat(get(url + "/runs/nothing-here/report", TOKEN).statusCode()).isEqualTo(404);
        assertThat(get(url + "/runs/.kubemon-active-run.json/files", TOKEN).statusCode())
                .isEqualTo(400);

        authed.call("POST", url + "/stop?wait=true", null);
        // kubemon fetch, as a person runs it: the jar, the token from the environment.
        Path into = cluster.work().resolve("fetched");
        String fetched = Commands.run(
                Map.of("KUBEMON_TOKEN", TOKEN),
                Duration.ofSeconds(60),
                "java",
                "-jar",
                "cli/target/kubemon-cli.jar",
                "--collector",
                url,
                "fetch",
                "team/exp-1",
                "-d",
                into.toString());
        assertThat(fetched).contains("fetched team/exp-1");
        Path original = cluster.data().resolve("team/exp-1");
        List<Path> files;
        try (Stream<Path> s = Files.walk(original)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(4); // run.json and the node's three OS files
        for (Path f : files) {
            Path copy =
                    into.resolve("team/exp-1").resolve(original.relativize(f).toString());
            assertThat(copy).as("fetched " + f.getFileName()).exists();
            assertThat(Files.mismatch(f, copy))
                    .as(f.getFileName() + " byte for byte")
                    .isEqualTo(-1L);
        }
        try (Stream<Path> s = Files.walk(into)) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith(".kubemon"))
                            .toList())
                    .as("the collector's journal is not part of the run's files")
                    .isEmpty();
        }
        // Without the token: the CLI says what is wrong, exit 4.
        CliTest.Run refused = CliTest.kubemon(
                "--collector",
                url,
                "fetch",
                "team/exp-1",
                "-d",
                cluster.work().resolve("x").toString());
        if (System.getenv("KUBEMON_TOKEN") == null && System.getenv("KUBEMON_SECURITY_TOKEN") == null) {
            assertThat(refused.exit()).isEqualTo(4);
            assertThat(refused.err()).contains("token");
        }
        Assumptions.assumeTrue(Chromium.requireOrSkip(), "chromium is not installed");
        JsonNode page = Chromium.state(url + "/", 3000);
        assertThat(page.get("auth").asString())
                .as("the page asks for the token")
                .isEqualTo("needed");
        assertThat(page.get("errors")).isEmpty();
    }

    @Test
    void theLivePageShowsAgentsTheRunAndEachNodesCpuAndMemory() throws Exception {
        Assumptions.assumeTrue(Chromium.requireOrSkip(), "chromium is not installed");
        ServiceProcess c = cluster.collector(0);
        int port = c.awaitPort();
        cluster.agent("node-l1", port).awaitPort();
        cluster.agent("node-l2", port).awaitPort();
        cluster.awaitReady(port);
        cluster.awaitConnected(port, 2);
        String url = "http://127.0.0.1:" + port;
        Http http = new Http();
        http.call("POST", url + "/start", "{\"outputDir\":\"live\",\"intervalMs\":500}");
        Http.await("rows of both", Duration.ofSeconds(30), () -> {
            JsonNode live = http.call("GET", url + "/live", null).get("nodes");
            return live.has("node-l1")
                            && live.has("node-l2")
                            && live.get("node-l1").get("t").size() > 3
                    ? true
                    : null;
        });
        JsonNode live = http.call("GET", url + "/live", null);
        JsonNode n1 = live.get("nodes").get("node-l1");
        assertThat(n1.get("cpuCount").get(0).asDouble())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(n1.get("memoryTotalBytes").get(0).asDouble()).isGreaterThan(0);
        long last = n1.get("t").get(n1.get("t").size() - 1).asLong();
        assertThat(http.call("GET", url + "/live?since=" + last, null)
                        .get("nodes")
                        .get("node-l1")
                        .get("t")
                        .size())
                .as("only what is newer")
                .isLessThanOrEqualTo(1);

        JsonNode page = Chromium.state(url + "/", 6000);
        assertThat(page.get("errors")).as("script errors on the live page").isEmpty();
        assertThat(page.get("polls").asInt()).as("updated without reloading").isGreaterThanOrEqualTo(2);
        assertThat(page.get("nodes").get("node-l1").asInt())
                .as("points of node-l1's chart")
                .isGreaterThan(3);
        assertThat(page.get("nodes").get("node-l2").asInt()).isGreaterThan(3);
        assertThat(page.get("store").asString())
                .as("the data volume's state on the live page")
                .isEqualTo("OK");
        Chromium.screenshot(url + "/", ReportBrowserTest.SCREENSHOTS.resolve("live.png"), 1400, 1100);
        http.call("POST", url + "/stop?wait=true", null);
    }
}
