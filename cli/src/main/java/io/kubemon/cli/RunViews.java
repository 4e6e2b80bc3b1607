package io.kubemon.cli;

import io.kubemon.common.schema.RunLayout;
import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every table of one or more runs as a view of its name in DuckDB, for {@code kubemon sql}: over
 * a run's export where one covers it ({@link Source}), else over its CSV files with the declared
 * types. With several runs each view has a {@code run} column first (the run's id) and holds all
 * their rows. A table no run has is an empty view of its columns.
 */
final class RunViews {
    private RunViews() {}

    /**
     * One run as sql reads it: from its export's Parquet ({@code export} set), or from its CSV files.
     */
    record Source(String runId, RunTables csv, Path export) {}

    /** Creates the views; returns the names of the tables that have a row in some run. */
    static Set<String> create(Connection db, List<Source> runs, Path scratch, PrintWriter notes)
            throws SQLException, IOException {
        boolean several = runs.size() > 1;
        Set<String> withRows = new LinkedHashSet<>();
        for (Table table : Schemas.ALL) {
            List<String> parts = new ArrayList<>();
            for (Source run : runs) {
                String from = source(db, run, table, scratch, notes, withRows);
                if (from == null) {
                    continue;
                }
                parts.add(several ? "SELECT " + CsvScan.literal(run.runId()) + " AS run, * FROM (" + from + ")" : from);
            }
            String body;
            if (parts.isEmpty()) {
                String empty = asInstants(CsvScan.select(table, List.of(), new LinkedHashSet<>()));
                body = several ? "SELECT CAST(NULL AS VARCHAR) AS run, * FROM (" + empty + ")" : empty;
            } else {
                body = String.join(" UNION ALL BY NAME ", parts);
            }
            try (Statement s = db.createStatement()) {
                s.execute("CREATE VIEW " + CsvScan.identifier(table.name()) + " AS " + body);
            }
        }
        return withRows;
    }

    /** The SELECT of one run's rows of a table, or null when the run has none of its files. */
    private static String source(
            Connection db, Source run, Table table, Path scratch, PrintWriter notes, Set<String> withRows)
            throws IOException, SQLException {
        if (run.export() != null) {
            Path parquet = RunLayout.parquet(run.export(), table);
            if (!Files.isRegularFile(parquet)) {
                return null;
            }
            String select = "SELECT * FROM read_parquet(" + CsvScan.literal(parquet.toString()) + ")";
            // A Parquet file's row count is in its footer: no scan.
            try (Statement s = db.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM (" + select + ")")) {
                if (rs.next() && rs.getLong(1) > 0) {
                    withRows.add(table.name());
                }
            }
            return select;
        }
        List<Path> files = run.csv().files().get(table);
        if (files == null) {
            return null;
        }
        List<CsvScan.Part> parts = CsvScan.parts(run.csv(), files, scratch, notes, "kubemon: note: ");
        for (CsvScan.Part p : parts) {
            if (p.bytes() > String.join(",", p.header()).length() + 1L) {
                withRows.add(table.name());
            }
        }
        return asInstants(CsvScan.select(table, parts, new LinkedHashSet<>()));
    }

    /** A CSV scan's rows as the export reads back: the timestamp an instant (TIMESTAMP WITH TIME ZONE, in UTC). */
    private static String asInstants(String select) {
        return "SELECT * REPLACE (CAST(\"timestamp\" AS TIMESTAMPTZ) AS \"timestamp\") FROM (" + select + ")";
    }
}
