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

    /**
     * Where a run is read from (sql, compare): its export while that covers the run's files now, else its CSV
     * files (said on stderr), or the export again first with --refresh. An export whose run is
     * not at hand is read as it is, and that said too.
     */
    static Source source(RunInput in, boolean refresh, String memory, java.io.PrintWriter err) throws IOException {
        RunTables csv = in.run() == null ? null : RunTables.of(in.run());
        if (in.export() == null) {
            return new Source(csv.runId(), csv, null);
        }
        if (csv == null) {
            String made = in.manifest() == null ? "" : " (made " + in.manifest().exportedAt() + ")";
            err.println("kubemon: note: reading the export " + in.export() + made
                    + " alone: the run it was made from is not here to check it against");
            return new Source(exportedId(in), null, in.export());
        }
        String stale = in.manifest() == null
                ? "it has no " + ExportManifest.FILE + " (made by an earlier kubemon, or interrupted)"
                : in.manifest().staleness(csv);
        if (stale == null) {
            return new Source(csv.runId(), null, in.export());
        }
        if (refresh) {
            err.println("kubemon: exporting " + csv.dir() + " again (" + stale + ")");
            new ParquetExport(err, memory).export(csv, in.export());
            return new Source(csv.runId(), null, in.export());
        }
        err.println("kubemon: note: the export in " + in.export() + " does not cover the run now (" + stale
                + "): reading its CSV files instead (--refresh exports again)");
        return new Source(csv.runId(), csv, null);
    }

    private static String exportedId(RunInput in) {
        if (in.manifest() != null && in.manifest().runId() != null) {
            return in.manifest().runId();
        }
        Path json = in.export().resolve(io.kubemon.common.schema.RunLayout.RECORD);
        try {
            if (java.nio.file.Files.isRegularFile(json)) {
                return io.kubemon.common.wire.RunRecords.readRecord(json).runId();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // named by its directory below
        }
        return in.export().toAbsolutePath().normalize().getFileName().toString();
    }
}
