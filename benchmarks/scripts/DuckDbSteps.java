// Times DuckDB statements one after another in one in-memory database with the export's settings,
// for BENCHMARKS.md's "where the time goes": the file in the first argument holds a SELECT (the
// export's CsvScan.select of a table over some files) and each further argument is a statement in
// which @Q@ stands for it, e.g.
//   java -cp cli/target/lib/duckdb_jdbc-2.0.0.1.jar benchmarks/scripts/DuckDbSteps.java select.sql \
//     "CREATE TEMP TABLE t AS @Q@" "COPY t TO '/tmp/t.parquet' (FORMAT parquet, COMPRESSION zstd)"
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

public class DuckDbSteps {
    public static void main(String[] a) throws Exception {
        Path scratch = Files.createTempDirectory("duckdb-steps-");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement s = c.createStatement()) {
                s.execute("SET memory_limit = '1GB'");
                s.execute("SET TimeZone = 'UTC'");
                s.execute("SET preserve_insertion_order = false");
                s.execute("SET temp_directory = '" + scratch + "'");
            }
            String select = Files.readString(Path.of(a[0]));
            for (int i = 1; i < a.length; i++) {
                long t0 = System.nanoTime();
                try (Statement s = c.createStatement()) {
                    s.execute(a[i].replace("@Q@", select));
                }
                System.out.printf("%.2f s  %s%n", (System.nanoTime() - t0) / 1e9, a[i]);
            }
        }
    }
}
