package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A malformed field in the deployed form: the real agent and collector jars, the agent reading a
 * host tree recorded from a real VM (monitor-agent's fixture host-vm-cgroup1) in which one
 * /proc/vmstat value was made unreadable, as a torn read or a foreign file would make it. That
 * column's cells are empty, the rest of each row is kept, and the emptiness is never silent: the
 * run's account in run.json and /status counts the fields, and the agent's /instances entry
 * carries a notice.
 */
class MalformedFieldsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path FIXTURE =
            Path.of("..", "monitor-agent", "src", "test", "resources", "fixtures", "host-vm-cgroup1", "t1");

    private final Http http = new Http();

    @RegisterExtension
    final LocalCluster cluster = new LocalCluster();

    @Test
    void aMalformedFieldIsAnEmptyCellCountedInTheRunAndNoticedByTheAgent() throws Exception {
        Path host = cluster.work().resolve("host");
        copyTree(FIXTURE, host);
        Path vmstat = host.resolve("proc/vmstat");
        String text = Files.readString(vmstat);
        Files.writeString(vmstat, text.replaceFirst("(?m)^pgmajfault (\\d+)$", "pgmajfault $1x"));
        assertThat(Files.readString(vmstat)).as("the fixture was corrupted").isNotEqualTo(text);

        ServiceProcess c = cluster.collector(0);
        int port = c.awaitPort();
        cluster.agent(
                        "fixture-node",
                        port,
                        "--kubemon.agent.proc-root=" + host.resolve("proc"),
                        "--kubemon.agent.sys-root=" + host.resolve("sys"),
                        "--kubemon.agent.sources.os_disk=false",
                        "--kubemon.agent.sources.os_net=false")
                .awaitPort();
        cluster.awaitReady(port);
        cluster.awaitConnected(port, 1);

        String runId = http.call(
                        "POST",
                        "http://127.0.0.1:" + port + "/start",
                        "{\"outputDir\":\"malformed\",\"intervalMs\":200}")
                .get("runId")
                .asString();
        Http.await(
                "rows",
                Duration.ofSeconds(30),
                () -> http.call("GET", "http://127.0.0.1:" + port + "/status", null)
                                        .get("rows")
                                        .asLong()
                                > 3
                        ? true
                        : null);
        JsonNode notice = Http.await("the agent's notice", Duration.ofSeconds(30), () -> {
            JsonNode i = http.call("GET", "http://127.0.0.1:" + port + "/instances", null)
                    .get("instances")
                    .get(0);
            return i.has("notices") && i.get("notices").toString().contains("malformed fields read as empty cells: os ")
                    ? i
                    : null;
        });
        assertThat(notice.get("nodeName").asString()).isEqualTo("fixture-node");
        JsonNode summary = http.call("POST", "http://127.0.0.1:" + port + "/stop?wait=true", null);
        assertThat(summary.get("runId").asString()).isEqualTo(runId);

        List<String> lines = Files.readAllLines(cluster.data().resolve("malformed/os/fixture-node.csv"));
        List<String> header = List.of(lines.get(0).split(",", -1));
        int majfault = header.indexOf("vmstat_pgmajfault");
        int pgfault = header.indexOf("vmstat_pgfault");
        int memTotal = header.indexOf("memory_total_bytes");
        List<String[]> rows = lines.stream().skip(1).map(l -> l.split(",", -1)).toList();
        assertThat(rows).isNotEmpty();
        for (String[] row : rows) {
            assertThat(row[majfault]).as("the malformed field's cell").isEmpty();
            assertThat(row[pgfault]).as("the field beside it").isEqualTo("0");
            assertThat(row[memTotal]).as("the rest of the row").isEqualTo(Long.toString(24683620L * 1024));
        }

        JsonNode agent = JSON.readTree(Files.readString(cluster.data().resolve("malformed/run.json")))
                .get("agents")
                .get(0);
        long counted = agent.get("malformedFields").asLong();
        // One per tick: every tick with a row, the run's first (which only primes the counters), and
        // at most a tick or two sampled before the agent learnt of the stop (their rows discarded).
        assertThat(counted)
                .as("run.json's count of the fields that were malformed: %s", agent)
                .isBetween(rows.size() + 1L, rows.size() + 3L);
        assertThat(summary.get("agents").get(0).get("malformedFields").asLong()).isEqualTo(counted);

        // The command-line client says it too, without calling the rows missing.
        CliTest.Run status = CliTest.kubemon("--collector", "http://127.0.0.1:" + port, "status");
        assertThat(status.out())
                .as(status.out() + status.err())
                .contains("empty cells: fixture-node: " + counted + " field(s) were malformed in their files")
                .doesNotContain("missing:");
        assertThat(status.exit()).as("the rows are all there: exit 0").isZero();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
