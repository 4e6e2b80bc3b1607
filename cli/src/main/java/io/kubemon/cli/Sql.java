package io.kubemon.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "sql",
        description = "Ask SQL of one or more runs (DuckDB): every table by its name (os, os_disk, container, process, "
                + "events, ...), typed as `kubemon list` shows, over the run's Parquet export where there is one, else "
                + "its CSV files. With several runs a `run` column tells them apart. An error is one line, exit 2.")
class Sql extends Base {
    @picocli.CommandLine.Mixin
    JsonOption jsonOption;

    @Override
    boolean json() {
        return jsonOption.on || root.json;
    }

    @Parameters(
            arity = "2..*",
            paramLabel = "RUN_DIR... QUERY",
            description = "Run directories, then the query (quote it).")
    List<String> args;

    @Option(names = "--csv", description = "Print CSV instead of an aligned table.")
    boolean csv;

    @Option(
            names = "--refresh",
            description = "Export again first where a run's export no longer covers its files (else those runs are "
                    + "read from their CSV files, and a note says so).")
    boolean refresh;

    @picocli.CommandLine.Mixin
    DuckDbMemory duckDb;

    @Override
    public Integer call() throws Exception {
        if (csv && json()) {
            throw new CliException(ExitCodes.USAGE, "--csv and --json: choose one");
        }
        String query = args.get(args.size() - 1);
        java.io.PrintWriter err = root.spec.commandLine().getErr();
        List<RunViews.Source> runs = new java.util.ArrayList<>();
        for (String dir : args.subList(0, args.size() - 1)) {
            runs.add(RunViews.source(RunInput.of(Path.of(dir)), refresh, duckDb.memory, err));
        }
        Path scratch = Files.createTempDirectory("kubemon-sql-");
        try (Connection db = DuckDb.open(scratch, duckDb.memory)) {
            java.util.Set<String> withRows;
            try {
                withRows = RunViews.create(db, runs, scratch, err);
            } catch (SQLException e) {
                throw new CliException(ExitCodes.ERROR, "sql: the runs' tables cannot be read: " + DuckDb.firstLine(e));
            }
            err.flush();
            try (Statement s = db.createStatement()) {
                boolean rows = s.execute(query);
                if (!rows) {
                    out().printf("(%d row%s changed)%n", s.getUpdateCount(), s.getUpdateCount() == 1 ? "" : "s");
                    out().flush();
                    emptyNote(query, withRows, runs.size(), err);
                    return ExitCodes.OK;
                }
                try (ResultSet rs = s.getResultSet()) {
                    ResultText.print(
                            rs,
                            json() ? ResultText.Style.JSON : csv ? ResultText.Style.CSV : ResultText.Style.TABLE,
                            out());
                }
            } catch (SQLException e) {
                throw new CliException(ExitCodes.USAGE, "sql: " + DuckDb.firstLine(e));
            }
            emptyNote(query, withRows, runs.size(), err);
        } finally {
            ParquetExport.deleteTree(scratch);
        }
        return ExitCodes.OK;
    }

    /** An answer over tables that are all empty is said to be so: an empty answer is not a silent one. */
    private static void emptyNote(String query, java.util.Set<String> withRows, int runs, java.io.PrintWriter err) {
        List<String> read = tablesNamed(query);
        if (!read.isEmpty() && read.stream().noneMatch(withRows::contains)) {
            err.println("kubemon: note: " + (read.size() == 1 ? "the table " : "every table ") + "this query reads ("
                    + String.join(", ", read) + ") has no rows in " + (runs == 1 ? "this run" : "these runs"));
            err.flush();
        }
    }

    /** The tables a query names (as words): what an all-empty answer is checked against. */
    static List<String> tablesNamed(String query) {
        String q = query.toLowerCase(java.util.Locale.ROOT);
        return io.kubemon.common.schema.Schemas.ALL.stream()
                .map(io.kubemon.common.schema.Table::name)
                .filter(n -> java.util.regex.Pattern.compile("(?<![a-z0-9_])" + n + "(?![a-z0-9_])")
                        .matcher(q)
                        .find())
                .toList();
    }
}
