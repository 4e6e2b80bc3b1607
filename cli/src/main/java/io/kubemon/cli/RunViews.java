package io.kubemon.cli;

import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Every table of one or more runs as a view of its name in DuckDB, for {@code kubemon sql}: over
 * the run's exported Parquet where {@code RUN_DIR/parquet/<table>.parquet} is there, else over its
 * CSV files with the declared types. With several runs each view has a {@code run} column first
 * (the run's id) and holds all their rows. A table no run has is an empty view of its columns.
 */
final class RunViews {
    private RunViews() {}

    static void create(Connection db, List<RunTables> runs, Path scratch, PrintWriter notes)
            throws SQLException, IOException {
        boolean several = runs.size() > 1;
        for (Table table : Schemas.ALL) {
            List<String> parts = new ArrayList<>();
            for (RunTables run : runs) {
                String from = source(run, table, scratch, notes);
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
    }

    /** The SELECT of one run's rows of a table, or null when the run has none of its files. */
    private static String source(RunTables run, Table table, Path scratch, PrintWriter notes) throws IOException {
        Path parquet = run.dir().resolve(Export.DEFAULT_DIR).resolve(table.name() + ".parquet");
        if (Files.isRegularFile(parquet)) {
            return "SELECT * FROM read_parquet(" + CsvScan.literal(parquet.toString()) + ")";
        }
        List<Path> files = run.files().get(table);
        if (files == null) {
            return null;
        }
        List<CsvScan.Part> parts = CsvScan.parts(run, files, scratch, notes, "kubemon: note: ");
        return asInstants(CsvScan.select(table, parts, new LinkedHashSet<>()));
    }

    /** A CSV scan's rows as the export reads back: the timestamp an instant (TIMESTAMP WITH TIME ZONE, in UTC). */
    private static String asInstants(String select) {
        return "SELECT * REPLACE (CAST(\"timestamp\" AS TIMESTAMPTZ) AS \"timestamp\") FROM (" + select + ")";
    }
}
