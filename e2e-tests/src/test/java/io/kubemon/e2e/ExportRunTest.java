package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.common.schema.RunLayout;
import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import io.kubemon.testsupport.ParquetCheck;
import io.kubemon.testsupport.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real run exported and read back: a collector and an agent with every default source (the
 * host, the Docker engine's containers, their processes, os_cpu, events) on loopback, a container
 * of the real engine running through a {@code kubemon run}; then {@code kubemon export} and {@code
 * kubemon sql} as separate processes of the shipped jar (DuckDB from lib/ beside it). Every
 * table's Parquet file is read by DuckDB and by hyparquet (Node.js, no shared code) and equals
 * the run's CSV cell by cell, with nulls exactly where cells were empty and each column's
 * declared type.
 */
class ExportRunTest {
    @RegisterExtension
    final LocalCluster cluster = new LocalCluster();

    private static final Path CLI = Commands.ROOT.resolve("cli/target/kubemon-cli.jar");

    private static List<String> kubemon(String... args) {
        List<String> cmd = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-jar", CLI.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void aRecordedRunsEveryTableReadsBackAsItsCsvInDuckDbAndHyparquetAndSqlAnswersOverIt() throws Exception {
        if (!Files.exists(Path.of("/var/run/docker.sock"))) {
            throw new AssertionError("this test needs the Docker engine (scripts/docker-for-tests.sh starts it)");
        }
        String name = "kubemon-export-" + ProcessHandle.current().pid();
        Shell.run(
                Duration.ofMinutes(1),
                "docker",
                "run",
                "-d",
                "--name",
                name,
                "kubemon-test-busybox:latest",
                "sh",
                "-c",
                "while :; do sleep 0.2; done");
        try {
            int port = cluster.collector(0).awaitPort();
            cluster.awaitReady(port);
            cluster.fullAgent("export-node", port);
            cluster.awaitConnected(port, 1);
            Shell.Result run = Shell.exec(
                    cluster.work(),
                    null,
                    Duration.ofMinutes(3),
                    kubemon(
                            "--collector",
                            "http://127.0.0.1:" + port,
                            "run",
                            "--out",
                            "exp",
                            "--interval",
                            "500ms",
                            "--",
                            "sleep",
                            "4"));
            assertThat(run.exit()).as(run.output()).isZero();
        } finally {
            Shell.exec(null, null, Duration.ofMinutes(1), List.of("docker", "rm", "-f", name));
        }
        Path dir = cluster.data().resolve("exp");

        Shell.Result export =
                Shell.exec(cluster.work(), null, Duration.ofMinutes(3), kubemon("export", dir.toString()));
        assertThat(export.exit()).as(export.output()).isZero();
        assertThat(export.output()).contains("wrote ", " rows to ");
        Path out = dir.resolve("parquet");
        assertThat(out.resolve("run.json")).exists();

        List<String> tablesWithRows = new ArrayList<>();
        for (Table table : Schemas.ALL) {
            List<Path> csv = files(dir, table);
            Path parquet = out.resolve(table.name() + ".parquet");
            if (csv.isEmpty()) {
                assertThat(parquet).as(table.name() + ": no CSV, no file").doesNotExist();
                continue;
            }
            ParquetCheck.Read duck = ParquetCheck.duckdb(parquet);
            ParquetCheck.Read hy = ParquetCheck.hyparquet(parquet);
            int rows = ParquetCheck.assertSameAsCsv(duck, csv);
            assertThat(ParquetCheck.assertSameAsCsv(hy, csv)).isEqualTo(rows);
            Map<String, String> declared = ParquetCheck.declaredTypes(hy);
            assertThat(declared.keySet()).containsExactly(table.header());
            declared.forEach((column, type) -> assertThat(hy.types().get(column))
                    .as(table.name() + "." + column + " (" + type + ")")
                    .isEqualTo(ParquetCheck.parquetType(type)));
            assertThat(hy.metadata()).containsEntry("kubemon.table", table.name());
            if (rows > 0) {
                tablesWithRows.add(table.name());
            }
        }
        assertThat(tablesWithRows).contains("os", "os_cpu", "os_disk", "os_net", "container", "process", "events");

        Shell.Result sql = Shell.exec(
                cluster.work(),
                null,
                Duration.ofMinutes(2),
                kubemon(
                        "sql",
                        "--csv",
                        dir.toString(),
                        "SELECT container_name, count(*) AS n, avg(cpu_usage_seconds * 1000.0 / interval_ms) AS cores "
                                + "FROM container GROUP BY container_name ORDER BY container_name"));
        assertThat(sql.exit()).as(sql.output()).isZero();
        assertThat(sql.output()).contains("container_name,n,cores").contains("kubemon-export-");
    }

    private static List<Path> files(Path run, Table table) throws Exception {
        Path m = run.resolve(table.monitor());
        if (!Files.isDirectory(m)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(m)) {
            return s.filter(p -> RunLayout.locate(m, p.getFileName().toString())
                            .map(l -> l.table() == table)
                            .orElse(false))
                    .sorted()
                    .toList();
        }
    }
}
