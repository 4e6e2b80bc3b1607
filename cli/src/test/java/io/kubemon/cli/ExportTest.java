package io.kubemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.common.schema.ContainerTables;
import io.kubemon.common.schema.EventsTable;
import io.kubemon.common.schema.OsTables;
import io.kubemon.testsupport.ParquetCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubemon export on run directories made here: every table's files of all nodes in one typed
 * Parquet file, read back by DuckDB and by hyparquet; a torn last line, a table with no rows, a
 * file of an earlier table version, a directory that is not a run. The export of a real recorded
 * run, cell by cell against its CSV, is in e2e-tests (ExportRunTest).
 */
class ExportTest {
    @TempDir
    Path dir;

    private static final String T1 = "2026-11-24T10:00:01.000Z";
    private static final String T2 = "2026-11-24T10:00:02.250Z";

    private RunFixture twoNodes() throws Exception {
        RunFixture run = new RunFixture(dir.resolve("r1"));
        run.finished("r1-id");
        run.file(
                "os/a.csv",
                OsTables.OS,
                RunFixture.row(OsTables.OS, T1, "a", Map.of("load1", "0.5", "cpu_count", "2")),
                RunFixture.row(OsTables.OS, T2, "a", Map.of("load1", "0.75", "cpu_count", "2")));
        run.file("os/b.csv", OsTables.OS, RunFixture.row(OsTables.OS, T2, "b", Map.of("load1", "2", "cpu_count", "4")));
        run.file(
                "process/a.csv",
                ContainerTables.PROCESS,
                RunFixture.row(
                        ContainerTables.PROCESS,
                        T1,
                        "a",
                        Map.of(
                                "pid",
                                "42",
                                "command",
                                "sh -c \"x, y\"",
                                "cpu_user_seconds",
                                "0.01",
                                "container_id",
                                "c1")));
        return run;
    }

    @Test
    void everyTableOfAllNodesIsOneTypedParquetFileReadTheSameByDuckDbAndHyparquet() throws Exception {
        RunFixture run = twoNodes();
        RunFixture.Result r = RunFixture.kubemon("export", run.dir().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote 2 tables, 4 rows");
        assertThat(r.err()).contains("os: 2 file(s)", "process: 1 file(s)");
        Path out = run.dir().resolve("parquet");
        assertThat(out.resolve("run.json")).hasSameTextualContentAs(run.dir().resolve("run.json"));
        try (var s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted())
                    .as("no temporary file left")
                    .containsExactly("export.json", "os.parquet", "process.parquet", "run.json");
        }

        ParquetCheck.Read duck = ParquetCheck.duckdb(out.resolve("os.parquet"));
        ParquetCheck.Read hy = ParquetCheck.hyparquet(out.resolve("os.parquet"));
        for (ParquetCheck.Read read : List.of(duck, hy)) {
            assertThat(read.columns()).containsExactly(OsTables.OS.header());
            assertThat(read.rows()).hasSize(3);
            // Written in parallel: the rows in the order an analysis would sort them.
            List<Map<String, Object>> rows = read.rows().stream()
                    .sorted(java.util.Comparator.comparing((Map<String, Object> x) -> (String) x.get("node"))
                            .thenComparing(x -> (Instant) x.get("timestamp")))
                    .toList();
            Map<String, Object> first = rows.get(0);
            assertThat(first.get("timestamp")).isEqualTo(Instant.parse(T1));
            assertThat(first.get("interval_ms")).isEqualTo(1000L);
            assertThat(first.get("node")).isEqualTo("a");
            assertThat(first.get("load1")).isEqualTo(0.5);
            assertThat(first.get("cpu_count")).isEqualTo(2L);
            assertThat(first.get("memory_total_bytes"))
                    .as("an empty cell is a null")
                    .isNull();
            assertThat(rows.get(1).get("timestamp")).isEqualTo(Instant.parse(T2));
            assertThat(rows.get(2).get("node")).isEqualTo("b");
            assertThat(read.metadata()).containsEntry("kubemon.run_id", "r1-id").containsEntry("kubemon.table", "os");
            assertThat(read.metadata().get("kubemon.columns")).contains("\"name\":\"load1\"", "\"type\":\"real\"");
            assertThat(read.metadata().get("kubemon.schema_versions")).contains("\"process\":3");
        }
        // What the export covered: each CSV file by its path in the run, its length and its rows.
        ExportManifest manifest = ExportManifest.read(out);
        assertThat(manifest.runId()).isEqualTo("r1-id");
        assertThat(manifest.runDir())
                .isEqualTo(run.dir().toAbsolutePath().normalize().toString());
        assertThat(manifest.files())
                .extracting(ExportManifest.Covered::path, ExportManifest.Covered::rows)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("os/a.csv", 2L),
                        org.assertj.core.groups.Tuple.tuple("os/b.csv", 1L));
        for (ExportManifest.Covered c : manifest.files()) {
            assertThat(c.bytes()).as(c.path()).isEqualTo(Files.size(run.dir().resolve(c.path())));
        }
        assertThat(manifest.staleness(RunTables.of(run.dir())))
                .as("it covers the run")
                .isNull();
        assertThat(duck.types())
                .containsEntry("timestamp", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("interval_ms", "BIGINT")
                .containsEntry("load1", "DOUBLE")
                .containsEntry("node", "VARCHAR");
        assertThat(hy.types())
                .containsEntry("timestamp", "INT64 TIMESTAMP(MILLIS, utc)")
                .containsEntry("cpu_count", "INT64 INT_64")
                .containsEntry("node", "BYTE_ARRAY UTF8");

        ParquetCheck.Read process = ParquetCheck.hyparquet(out.resolve("process.parquet"));
        assertThat(process.rows()).hasSize(1);
        assertThat(process.rows().get(0))
                .containsEntry("command", "sh -c \"x, y\"")
                .containsEntry("pid", 42L)
                .containsEntry("cpu_user_seconds", 0.01);
    }

    @Test
    void aTornLastLineIsLeftOutAndSaidAndATableWithoutRowsIsAnEmptyTypedFile() throws Exception {
        RunFixture run = twoNodes();
        Path a = run.dir().resolve("os/a.csv");
        // A crash mid-append: half a row, whose last cell would read as a wrong number.
        Files.writeString(
                a,
                Files.readString(a)
                        + RunFixture.row(OsTables.OS, T2, "a", Map.of("load1", "9"))
                                .substring(0, 40),
                java.nio.charset.StandardCharsets.UTF_8);
        run.file("events/a.csv", EventsTable.EVENTS);
        long size = Files.size(a);
        RunFixture.Result r = RunFixture.kubemon(
                "export", run.dir().toString(), "-o", dir.resolve("out").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("os/a.csv: 40 bytes after its last whole line left out");
        assertThat(ParquetCheck.duckdb(dir.resolve("out/os.parquet")).rows()).hasSize(3);
        ParquetCheck.Read events = ParquetCheck.hyparquet(dir.resolve("out/events.parquet"));
        assertThat(events.rows()).isEmpty();
        assertThat(events.columns()).containsExactly(EventsTable.EVENTS.header());
        assertThat(events.types()).containsEntry("timestamp", "INT64 TIMESTAMP(MILLIS, utc)");
        assertThat(Files.size(a)).as("the run's own file is untouched").isEqualTo(size);
    }

    @Test
    void anActiveRunIsExportedUpToItsLastWholeLinesFromACopyItsFilesUntouched() throws Exception {
        RunFixture run = twoNodes();
        Files.writeString(
                run.dir().resolve("run.json"),
                Files.readString(run.dir().resolve("run.json")).replace("\"finished\"", "\"collecting\""));
        Path b = run.dir().resolve("os/b.csv");
        String half = RunFixture.row(OsTables.OS, T2, "b", Map.of("load1", "3")).substring(0, 30);
        Files.writeString(b, Files.readString(b) + half);
        RunFixture.Result r = RunFixture.kubemon("export", run.dir().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err())
                .contains("(active: up to its last whole lines)", "os/b.csv: 30 bytes after its last whole line");
        assertThat(ParquetCheck.duckdb(run.dir().resolve("parquet/os.parquet")).rows())
                .hasSize(3);
        assertThat(Files.readString(b)).endsWith(half);
        try (var s = Files.list(run.dir().resolve("parquet"))) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .as("the copies are gone")
                    .allMatch(n -> n.endsWith(".parquet") || n.equals("run.json") || n.equals("export.json"));
        }
    }

    @Test
    void aFileOfAnEarlierTableVersionIsReadByItsOwnHeaderItsMissingColumnsNull() throws Exception {
        RunFixture run = twoNodes();
        // Version 1 of the process table had no schedstat columns: a file from then, beside a new one.
        List<String> old = new java.util.ArrayList<>(List.of(ContainerTables.PROCESS.header()));
        old.removeAll(List.of("sched_run_seconds", "sched_wait_seconds", "sched_timeslices", "last_cpu"));
        Files.writeString(
                run.dir().resolve("process/b.csv"),
                String.join(",", old) + "\n" + T2 + ",1000,b,agent-b,1," + ",".repeat(old.size() - 6) + "\n");
        RunFixture.Result r = RunFixture.kubemon("export", run.dir().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        ParquetCheck.Read process = ParquetCheck.duckdb(run.dir().resolve("parquet/process.parquet"));
        assertThat(process.columns()).containsExactly(ContainerTables.PROCESS.header());
        assertThat(process.rows()).hasSize(2);
        Map<String, Object> b = process.rows().stream()
                .filter(x -> "b".equals(x.get("node")))
                .findFirst()
                .orElseThrow();
        assertThat(b.get("sched_wait_seconds")).isNull();
        assertThat(process.types()).containsEntry("sched_wait_seconds", "DOUBLE");
    }

    @Test
    void aDirectoryThatIsNotARunIsRefusedInWords() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        RunFixture.Result r = RunFixture.kubemon("export", dir.resolve("empty").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .startsWith("kubemon: ")
                .contains("is not a kubemon run")
                .doesNotContain("\n");
        RunFixture.Result missing =
                RunFixture.kubemon("export", dir.resolve("nope").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("is not a kubemon run: it does not exist");
    }
}
