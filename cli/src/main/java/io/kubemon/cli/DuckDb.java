package io.kubemon.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An in-memory DuckDB for {@code export} and {@code sql}. Its JDBC driver (native libraries for
 * every platform inside) is not in kubemon-cli.jar but in {@code lib/} beside it, on the jar's
 * manifest class path: loaded only by the commands that need it, so the others start as before.
 */
final class DuckDb {
    static final String DRIVER = "org.duckdb.DuckDBDriver";

    private DuckDb() {}

    /**
     * A connection with bounded memory, spilling to {@code scratch} beyond it, in UTC, without
     * DuckDB's own progress bar.
     */
    static Connection open(Path scratch, String memoryLimit) {
        try {
            Class.forName(DRIVER);
        } catch (ClassNotFoundException e) {
            throw new CliException(
                    ExitCodes.ERROR,
                    "DuckDB's JDBC driver is not on the class path: export and sql need lib/duckdb_jdbc-*.jar "
                            + "beside kubemon-cli.jar (the build puts it in cli/target/lib)");
        }
        try {
            Connection c = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement s = c.createStatement()) {
                s.execute("SET memory_limit = " + CsvScan.literal(memoryLimit));
                s.execute("SET temp_directory = " + CsvScan.literal(scratch.toString()));
                s.execute("SET TimeZone = 'UTC'");
                s.execute("SET enable_progress_bar = false");
                // Rows need not keep the files' order (an analysis sorts or groups): writing in
                // parallel instead took the 9 M-row export from 31 s to 19 s (BENCHMARKS.md).
                s.execute("SET preserve_insertion_order = false");
            }
            return c;
        } catch (SQLException e) {
            throw new CliException(ExitCodes.ERROR, "cannot start DuckDB: " + firstLine(e));
        }
    }

    /** DuckDB's message without its stack of context lines: the one line a person reads. */
    static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        String[] lines = m.split("\n");
        String line = lines[0];
        // The JDBC driver puts a generic line first for an error of a pending query; the cause follows.
        if (line.contains("unsuccessful or closed pending query result")) {
            for (String l : lines) {
                if (l.startsWith("Error: ")) {
                    line = l.substring("Error: ".length());
                    break;
                }
            }
        }
        // DuckDB repeats the error class: "Parser Error: syntax error at ..." reads well as it is.
        return line.replaceFirst("^java\\.sql\\.SQLException: ", "");
    }
}
