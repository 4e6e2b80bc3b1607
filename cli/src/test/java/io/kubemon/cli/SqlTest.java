package io.kubemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.common.schema.Schemas;
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
                Schemas.CONTAINER,
                RunFixture.row(Schemas.CONTAINER, T1, "n1", Map.of("container_name", "web", "cpu_usage_seconds", cpu)),
                RunFixture.row(
                        Schemas.CONTAINER, T2, "n1", Map.of("container_name", "web", "cpu_usage_seconds", "0.5")),
                RunFixture.row(Schemas.CONTAINER, T2, "n1", Map.of("container_name", "db")));
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

    @Test
    void severalRunsAreToldApartByTheirRunColumnAndAnExportIsReadWhereThere() throws Exception {
        Path r1 = run("r1", "0.25");
        Path r2 = run("r2", "1.5");
        assertThat(RunFixture.kubemon("export", r2.toString()).exit()).isZero();
        // The CSV changes after the export: sql reads the export, so it does not see this.
        Files.writeString(r2.resolve("container/n1.csv"), "");
        RunFixture.Result r = RunFixture.kubemon(
                "sql",
                "--csv",
                r1.toString(),
                r2.toString(),
                "SELECT run, sum(cpu_usage_seconds) AS cpu FROM container GROUP BY run ORDER BY run");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).containsExactly("run,cpu", "r1-id,0.75", "r2-id,2");
        RunFixture.Result empty =
                RunFixture.kubemon("sql", "--csv", r1.toString(), "SELECT count(*) AS n FROM container_perf");
        assertThat(empty.out().lines().toList())
                .as("a table the run has no file of is empty")
                .containsExactly("n", "0");
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
