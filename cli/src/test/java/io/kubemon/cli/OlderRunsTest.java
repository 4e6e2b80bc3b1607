package io.kubemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.Kind;
import io.kubemon.common.schema.RunLayout;
import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import io.kubemon.testsupport.SchemaHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A researcher's archive outlives every release: a run whose table has any earlier header this
 * project ever wrote ({@link SchemaHistory}) opens in report, merge, export and sql, each column
 * read by name and a column the older version lacked empty. The runs are the recorded fixture run
 * with that table's files written back in the older header.
 */
class OlderRunsTest {
    static final Path FIXTURE = Path.of("..", "report", "src", "test", "resources", "fixtures", "run-docker-500ms");

    @TempDir
    Path dir;

    static Table table(String name) {
        return Schemas.ALL.stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** Every header of the history that is not this build's own. */
    static Stream<SchemaHistory.Version> older() {
        return SchemaHistory.all().stream()
                .filter(v -> !v.header().equals(Arrays.asList(table(v.table()).header())));
    }

    @Test
    void theHistoryHasThisBuildsHeaderOfEveryTableAtItsVersion() {
        for (Table t : Schemas.BUILT_IN) {
            assertThat(SchemaHistory.all())
                    .as(t.name() + " v" + t.version() + ": a new version is a new line of schema-history.tsv")
                    .anyMatch(v -> v.table().equals(t.name())
                            && v.version() == t.version()
                            && v.header().equals(Arrays.asList(t.header())));
        }
        assertThat(older()).as("there are older headers to test").isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("older")
    void aRunWithAnOlderTableOpensInEveryCommandEachColumnByName(SchemaHistory.Version v) throws Exception {
        Table t = table(v.table());
        Path now = copy(FIXTURE, dir.resolve("now"));
        Path old = copy(FIXTURE, dir.resolve("old"));
        int files = rewrite(old.resolve(t.monitor()), t, v.header());
        assertThat(files).as("the fixture has files of " + t.name()).isPositive();

        Column kept = t.columns().stream()
                .filter(c -> c.kind() == Kind.COUNTER && v.header().contains(c.name()))
                .findFirst()
                .orElseThrow();
        String count = "SELECT count(*) AS n, sum(" + kept.name() + ") AS kept FROM " + t.name();
        assertThat(sql(old, count)).as("rows and a column both versions have").isEqualTo(sql(now, count));
        for (Column lacked : t.columns()) {
            if (!v.header().contains(lacked.name())) {
                assertThat(sql(old, "SELECT count(" + lacked.name() + ") AS n FROM " + t.name()))
                        .as(lacked.name() + ", which v" + v.version() + " lacks, is empty")
                        .containsExactly("n", "0");
            }
        }

        RunFixture.Result export = RunFixture.kubemon("export", old.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(sql(old.resolve("parquet"), count)).as("from the export").isEqualTo(sql(now, count));

        RunFixture.Result merge = RunFixture.kubemon("merge", old.toString());
        assertThat(merge.exit()).as(merge.err()).isZero();
        assertThat(RunFixture.kubemon("merge", now.toString()).exit()).isZero();
        List<String> merged = Files.readAllLines(old.resolve("merged.csv"));
        assertThat(merged).hasSameSizeAs(Files.readAllLines(now.resolve("merged.csv")));

        RunFixture.Result report = RunFixture.kubemon("report", old.toString());
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(report.out()).contains("wrote " + old.resolve("report.html"));
        assertThat(Files.readString(old.resolve("report.html"))).contains("rep-cpu");

        // compare: the older run against today's form of the same run, column by column: the
        // columns both have are the same (ratio 1); the ones the older lacks are on one side only.
        RunFixture.Result compare =
                RunFixture.kubemon("compare", old.toString(), "--vs", now.toString(), "--metric", kept.name(), "--csv");
        assertThat(compare.exit()).as(compare.err()).isZero();
        List<String> rows = compare.out().lines().skip(1).toList();
        assertThat(rows)
                .as(compare.out())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r).containsPattern("," + kept.name() + ",1,1,([^,]+),\\1,1,"));
    }

    private static List<String> sql(Path run, String query) {
        RunFixture.Result r = RunFixture.kubemon("sql", "--csv", run.toString(), query);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out().lines().toList();
    }

    /** Each file of the table in {@code monitorDir} written back with {@code header}: cells by name, absent ones empty. */
    private static int rewrite(Path monitorDir, Table t, List<String> header) throws IOException {
        int n = 0;
        try (Stream<Path> s = Files.list(monitorDir)) {
            for (Path f : s.sorted().toList()) {
                var located = RunLayout.locate(monitorDir, f.getFileName().toString());
                if (located.isEmpty() || located.get().table() != t) {
                    continue;
                }
                SchemaHistory.rewrite(f, header);
                n++;
            }
        }
        return n;
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
