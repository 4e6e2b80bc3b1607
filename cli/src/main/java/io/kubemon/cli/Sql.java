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
    @Parameters(
            arity = "2..*",
            paramLabel = "RUN_DIR... QUERY",
            description = "Run directories, then the query (quote it).")
    List<String> args;

    @Option(names = "--csv", description = "Print CSV instead of an aligned table.")
    boolean csv;

    @picocli.CommandLine.Mixin
    DuckDbMemory duckDb;

    @Override
    public Integer call() throws Exception {
        if (csv && root.json) {
            throw new CliException(ExitCodes.USAGE, "--csv and --json: choose one");
        }
        String query = args.get(args.size() - 1);
        List<RunTables> runs = args.subList(0, args.size() - 1).stream()
                .map(Path::of)
                .map(RunTables::of)
                .toList();
        java.io.PrintWriter err = root.spec.commandLine().getErr();
        Path scratch = Files.createTempDirectory("kubemon-sql-");
        try (Connection db = DuckDb.open(scratch, duckDb.memory)) {
            try {
                RunViews.create(db, runs, scratch, err);
            } catch (SQLException e) {
                throw new CliException(ExitCodes.ERROR, "sql: the runs' tables cannot be read: " + DuckDb.firstLine(e));
            }
            err.flush();
            try (Statement s = db.createStatement()) {
                boolean rows = s.execute(query);
                if (!rows) {
                    out().printf("(%d row%s changed)%n", s.getUpdateCount(), s.getUpdateCount() == 1 ? "" : "s");
                    out().flush();
                    return ExitCodes.OK;
                }
                try (ResultSet rs = s.getResultSet()) {
                    ResultText.print(
                            rs,
                            root.json ? ResultText.Style.JSON : csv ? ResultText.Style.CSV : ResultText.Style.TABLE,
                            out());
                }
            } catch (SQLException e) {
                throw new CliException(ExitCodes.USAGE, "sql: " + DuckDb.firstLine(e));
            }
        } finally {
            ParquetExport.deleteTree(scratch);
        }
        return ExitCodes.OK;
    }
}
