package io.kubemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.common.schema.ContainerTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** kubemon sql over runs made here: tables by name, typed; several runs; the export preferred; errors in one line. */
class SqlTest {
    @TempDir
    Path dir;

    private static final String T1 = "2026-11-24T10:00:01.000Z";
    private static final String T2 = "2026-11-24T10:00:02.000Z";

    private Path run(String name, String cpu) throws Exception {
        RunFixture run = new RunFixture(dir.resolve(name));
        run.finished(name + "-id");
        run.file(
                "container/n1.csv",
                ContainerTables.CONTAINER,
                RunFixture.row(
                        ContainerTables.CONTAINER, T1, "n1", Map.of("container_name", "web", "cpu_usage_seconds", cpu)),
                RunFixture.row(
                        ContainerTables.CONTAINER,
                        T2,
                        "n1",
                        Map.of("container_name", "web", "cpu_usage_seconds", "0.5")),
                RunFixture.row(ContainerTables.CONTAINER, T2, "n1", Map.of("container_name", "db")));
        return run.dir();
    }

    @Test
    void aQuestionOfOneRunAsAnAlignedTableCsvAndJson() throws Exception {
        Path r1 = run("r1", "0.25");
        String q = "SELECT container_name, avg(cpu_usage_seconds) AS cpu, count(*) AS n, min(timestamp) AS first "
                + "FROM container GROUP BY container_name ORDER BY container_name";
        RunFixture.Result table = RunFixture.kubemon("sql", r1.toString(), q);
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out().lines().toList())
                .containsExactly(
                        "container_name | cpu   | n | first",
                        "---------------+-------+---+-------------------------",
                        "db             |       | 1 | 2026-11-24T10:00:02.000Z",
                        "web            | 0.375 | 2 | 2026-11-24T10:00:01.000Z",
                        "(2 rows)");

        RunFixture.Result csv = RunFixture.kubemon("sql", "--csv", r1.toString(), q);
        assertThat(csv.out().lines().toList())
                .containsExactly(
                        "container_name,cpu,n,first",
                        "db,,1,2026-11-24T10:00:02.000Z",
                        "web,0.375,2,2026-11-24T10:00:01.000Z");

        RunFixture.Result json = RunFixture.kubemon("--json", "sql", r1.toString(), q);
        JsonNode rows = JsonMapper.builder().build().readTree(json.out());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("cpu").isNull()).isTrue();
        assertThat(rows.get(1).get("cpu").asDouble()).isEqualTo(0.375);
        assertThat(rows.get(1).get("n").asLong()).isEqualTo(2);
    }

    private static final String SUM =
            "SELECT run, sum(cpu_usage_seconds) AS cpu FROM container GROUP BY run ORDER BY run";

    @Test
    void severalRunsAreToldApartByTheirRunColumnAndAnExportIsReadWhileItCoversTheRun() throws Exception {
        Path r1 = run("r1", "0.25");
        Path r2 = run("r2", "1.5");
        assertThat(RunFixture.kubemon("export", r2.toString()).exit()).isZero();
        // The export is read while it covers the run's files: the Parquet answers, not the CSV.
        RunFixture.Result r = RunFixture.kubemon("sql", "--csv", r1.toString(), r2.toString(), SUM);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).containsExactly("run,cpu", "r1-id,0.75", "r2-id,2");
        assertThat(r.err()).as("the export covers the run: nothing to say").isEmpty();
        RunFixture.Result empty =
                RunFixture.kubemon("sql", "--csv", r1.toString(), "SELECT count(*) AS n FROM container_perf");
        assertThat(empty.out().lines().toList())
                .as("a table the run has no file of is empty")
                .containsExactly("n", "0");
        assertThat(empty.err().strip())
                .as("and that is said")
                .isEqualTo("kubemon: note: the table this query reads (container_perf) has no rows in this run");
    }

    /** Every form of a run's directory answers the same, and an export the run outgrew is not trusted. */
    @Test
    void everyDirectoryFormAnswersFromTheRunAsItIsNowNeverFromAnExportItOutgrew() throws Exception {
        Path r2 = run("r2", "1.5");
        Path elsewhere = dir.resolve("exported");
        assertThat(RunFixture.kubemon("export", r2.toString()).exit()).isZero();
        assertThat(RunFixture.kubemon("export", r2.toString(), "-o", elsewhere.toString())
                        .exit())
                .isZero();
        String q = "SELECT sum(cpu_usage_seconds) AS cpu, count(*) AS n FROM container";
        for (Path form : java.util.List.of(r2, r2.resolve("parquet"), elsewhere)) {
            RunFixture.Result r = RunFixture.kubemon("sql", "--csv", form.toString(), q);
            assertThat(r.exit()).as(form + ": " + r.err()).isZero();
            assertThat(r.out().lines().toList()).as(form.toString()).containsExactly("cpu,n", "2,3");
            assertThat(r.err()).as(form.toString()).isEmpty();
        }
        // The run grows after the export (an active run's files do): every form reads the CSV now, and says so.
        Files.writeString(
                r2.resolve("container/n1.csv"),
                RunFixture.row(
                                ContainerTables.CONTAINER,
                                "2026-11-24T10:00:03.000Z",
                                "n1",
                                Map.of("container_name", "web", "cpu_usage_seconds", "4"))
                        + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        for (Path form : java.util.List.of(r2, r2.resolve("parquet"), elsewhere)) {
            RunFixture.Result r = RunFixture.kubemon("sql", "--csv", form.toString(), q);
            assertThat(r.exit()).as(form + ": " + r.err()).isZero();
            assertThat(r.out().lines().toList()).as(form.toString()).containsExactly("cpu,n", "6,4");
            assertThat(r.err())
                    .as(form.toString())
                    .contains("does not cover the run now (container/n1.csv is ")
                    .contains("reading its CSV files instead (--refresh exports again)");
        }
        RunFixture.Result refreshed = RunFixture.kubemon("sql", "--csv", "--refresh", elsewhere.toString(), q);
        assertThat(refreshed.out().lines().toList()).containsExactly("cpu,n", "6,4");
        assertThat(refreshed.err()).contains("exporting " + r2 + " again");
        RunFixture.Result after = RunFixture.kubemon("sql", "--csv", elsewhere.toString(), q);
        assertThat(after.out().lines().toList()).containsExactly("cpu,n", "6,4");
        assertThat(after.err()).as("the refreshed export covers the run again").isEmpty();

        // An export whose run is not here any more answers alone, and says so.
        Path moved = dir.resolve("moved");
        Files.move(elsewhere, moved);
        ParquetExport.deleteTree(r2);
        RunFixture.Result alone = RunFixture.kubemon("sql", "--csv", moved.toString(), q);
        assertThat(alone.out().lines().toList()).containsExactly("cpu,n", "6,4");
        assertThat(alone.err()).contains("alone: the run it was made from is not here to check it against");
        RunFixture.Result merge = RunFixture.kubemon("merge", moved.toString());
        assertThat(merge.exit()).isEqualTo(2);
        assertThat(merge.err().strip())
                .startsWith("kubemon: " + moved + " is an export (made from " + r2.toAbsolutePath())
                .doesNotContain("\n");
    }

    @Test
    void aSyntaxErrorAnUnknownTableAndADirectoryThatIsNotARunAreOneLineAndExit2() throws Exception {
        Path r1 = run("r1", "0.25");
        RunFixture.Result syntax = RunFixture.kubemon("sql", r1.toString(), "SELEC * FROM os");
        assertThat(syntax.exit()).isEqualTo(2);
        assertThat(syntax.err().strip())
                .startsWith("kubemon: sql: Parser Error")
                .doesNotContain("\n");

        RunFixture.Result unknown = RunFixture.kubemon("sql", r1.toString(), "SELECT * FROM containers");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().strip())
                .startsWith("kubemon: sql: Catalog Error")
                .contains("containers")
                .doesNotContain("\n");

        Files.createDirectories(dir.resolve("not-a-run"));
        RunFixture.Result notRun =
                RunFixture.kubemon("sql", dir.resolve("not-a-run").toString(), "SELECT 1");
        assertThat(notRun.exit()).isEqualTo(2);
        assertThat(notRun.err().strip()).contains("is not a kubemon run").doesNotContain("\n");
        assertThat(notRun.out()).isEmpty();
    }
}
