package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.testsupport.SchemaHistory;
import io.kubemon.testsupport.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A run recorded by an earlier kubemon (the recorded fixture run, its container and process files
 * in their first headers) on a collector's volume: listed by {@code kubemon runs}, fetched by its
 * id byte for byte, its report served by the collector, and the fetched copy opened by report and
 * sql. The collector and the CLI are the real jars.
 */
class OlderRunOnCollectorTest {
    @RegisterExtension
    final LocalCluster cluster = new LocalCluster();

    private static final Path FIXTURE =
            Path.of("..", "report", "src", "test", "resources", "fixtures", "run-docker-500ms");

    private Shell.Result kubemon(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "java",
                "-jar",
                Commands.ROOT.resolve("cli/target/kubemon-cli.jar").toString()));
        cmd.addAll(List.of(args));
        return Shell.exec(cluster.work(), null, Duration.ofMinutes(2), cmd);
    }

    @Test
    void anOlderRunIsListedFetchedByItsIdAndOpens() throws Exception {
        Path old = cluster.data().resolve("archive-2025");
        try (Stream<Path> s = Files.walk(FIXTURE)) {
            for (Path p : s.toList()) {
                Path target = old.resolve(FIXTURE.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        for (String t : List.of("container", "process")) {
            try (Stream<Path> s = Files.list(old.resolve(t))) {
                for (Path f : s.toList()) {
                    SchemaHistory.rewrite(f, SchemaHistory.header(t, 1));
                }
            }
        }
        int port = cluster.collector(0).awaitPort();
        cluster.awaitReady(port);
        String url = "http://127.0.0.1:" + port;

        Shell.Result runs = kubemon("runs", "--collector", url);
        assertThat(runs.exit()).as(runs.output()).isZero();
        assertThat(runs.output()).contains("archive-2025", "run-ffbccdec", "finished");

        Path into = cluster.work().resolve("fetched");
        Shell.Result fetch = kubemon("fetch", "run-ffbccdec", "-d", into.toString(), "--collector", url);
        assertThat(fetch.exit()).as(fetch.output()).isZero();
        assertThat(fetch.output()).contains("fetched archive-2025 (run-ffbccdec)");
        try (Stream<Path> s = Files.walk(old)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Path copy =
                        into.resolve("archive-2025").resolve(old.relativize(f).toString());
                assertThat(Files.mismatch(f, copy)).as(f + " byte for byte").isEqualTo(-1L);
            }
        }
        Shell.Result unknown = kubemon("fetch", "run-00000000", "-d", into.toString(), "--collector", url);
        assertThat(unknown.exit()).isEqualTo(6);
        assertThat(unknown.output().strip())
                .isEqualTo(
                        "kubemon: the collector has no run with the directory or id 'run-00000000' (kubemon runs lists them)");

        assertThat(new Http()
                        .exchange("GET", url + "/runs/archive-2025/report", null)
                        .status())
                .as("the collector renders the older run's report")
                .isEqualTo(200);
        Shell.Result report = kubemon("report", into.resolve("archive-2025").toString());
        assertThat(report.exit()).as(report.output()).isZero();
        Shell.Result sql = kubemon(
                "sql",
                "--csv",
                into.resolve("archive-2025").toString(),
                "SELECT count(*) AS n, count(cpu_usage_seconds) AS cpu FROM container");
        assertThat(sql.exit()).as(sql.output()).isZero();
        assertThat(sql.output().lines().toList()).contains("n,cpu", "98,98");
    }
}
