package io.kubemon.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "report",
        description = "Write one self-contained HTML report of one or more runs: charts of every "
                + "node, container and top process, the run's record of what was missing. Several runs are compared on one "
                + "relative time axis. Opens offline (no collector needed).")
class ReportCommand extends Base {
    /** Numbers embedded over all series of a run (the file is about 5 bytes a number). */
    static final long DEFAULT_POINTS = 2_500_000;

    @Parameters(
            arity = "1..*",
            paramLabel = "RUN_DIR",
            description = "Run directories (as written by the collector, or fetched), or their exports.")
    java.util.List<java.nio.file.Path> runDirs;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Output file (default FIRST_RUN_DIR/report.html).")
    java.nio.file.Path output;

    @Option(
            names = "--points",
            paramLabel = "N",
            defaultValue = "" + ReportCommand.DEFAULT_POINTS,
            description =
                    "Numbers embedded per run at most, shared by all its series (default ${DEFAULT-VALUE}, about 5 bytes each); "
                            + "a longer run is drawn as min/max per bucket.")
    long points;

    @Option(
            names = "--align",
            paramLabel = "MARK",
            description = "Put each run's mark labelled MARK at zero instead of its start (kubemon mark, kubemon run).")
    String align;

    @Override
    public Integer call() throws Exception {
        java.util.List<java.nio.file.Path> runDirs =
                this.runDirs.stream().map(d -> RunInput.of(d).csvRun("report")).toList();
        if (points < 1000) {
            throw new CliException(ExitCodes.USAGE, "--points must be at least 1000");
        }
        java.nio.file.Path out = output != null ? output : runDirs.get(0).resolve("report.html");
        java.io.PrintWriter err = root.spec.commandLine().getErr();
        ReportFiles.Written w;
        try {
            w = ReportFiles.write(
                    runDirs,
                    out,
                    io.kubemon.report.Report.Options.defaults()
                            .withPointBudget(points)
                            .withAlign(align),
                    err);
        } catch (io.kubemon.common.schema.RunLayout.NotARunException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.REFUSED, e.getMessage());
        }
        io.kubemon.report.Report.Summary s = w.summary();
        out().printf(
                        "wrote %s (%.1f MiB): %d run(s), %d nodes and containers, %d charts, %d series from %d rows%n",
                        out, w.bytes() / 1048576.0, s.runs(), s.sections(), s.charts(), s.series(), s.rows());
        s.warnings().forEach(x -> err.println("kubemon: warning: " + x));
        out().flush();
        err.flush();
        return ExitCodes.OK;
    }
}
