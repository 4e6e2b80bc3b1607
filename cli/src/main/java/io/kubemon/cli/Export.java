package io.kubemon.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "export",
        description = "Write a run as typed Parquet, one file per table with all its nodes, for pandas, polars, R, "
                + "DuckDB or Spark (no collector needed). An active run is exported up to its last whole line.")
class Export extends Base {
    /** Where a run's export goes by default, and where {@code kubemon sql} looks for it. */
    static final String DEFAULT_DIR = io.kubemon.common.schema.RunLayout.EXPORT_DIR;

    enum Format {
        parquet
    }

    @Parameters(
            arity = "1..*",
            paramLabel = "RUN_DIR",
            description = "Run directories (as written by the collector, or fetched).")
    List<Path> runDirs;

    @Option(
            names = "--format",
            defaultValue = "parquet",
            description = "Output format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            description = "Output directory (default RUN_DIR/" + DEFAULT_DIR
                    + "); with several runs, one directory per run in it.")
    Path output;

    @picocli.CommandLine.Mixin
    DuckDbMemory duckDb;

    @Override
    public Integer call() throws Exception {
        List<RunTables> runs = runDirs.stream()
                .map(d -> RunTables.of(RunInput.of(d).csvRun("export")))
                .toList();
        java.io.PrintWriter err = root.spec.commandLine().getErr();
        ParquetExport export = new ParquetExport(err, duckDb.memory);
        for (RunTables run : runs) {
            Path out = output == null
                    ? run.dir().resolve(DEFAULT_DIR)
                    : runs.size() == 1
                            ? output
                            : output.resolve(
                                    run.dir().toAbsolutePath().normalize().getFileName());
            err.printf(
                    "export %s%s to %s%n", run.dir(), run.active() ? " (active: up to its last whole lines)" : "", out);
            err.flush();
            List<ParquetExport.Written> written = export.export(run, out);
            long rows = written.stream().mapToLong(ParquetExport.Written::rows).sum();
            long csv =
                    written.stream().mapToLong(ParquetExport.Written::csvBytes).sum();
            long parquet = written.stream()
                    .mapToLong(ParquetExport.Written::parquetBytes)
                    .sum();
            out().printf(
                            "wrote %d tables, %d rows to %s: %.1f MiB of Parquet from %.1f MiB of CSV (%.1fx smaller)%n",
                            written.size(),
                            rows,
                            out,
                            parquet / 1048576.0,
                            csv / 1048576.0,
                            parquet == 0 ? 0 : (double) csv / parquet);
            out().flush();
        }
        return ExitCodes.OK;
    }
}
