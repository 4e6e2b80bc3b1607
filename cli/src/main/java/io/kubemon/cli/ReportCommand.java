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

    @Option(
            names = "--vs",
            arity = "1..*",
            paramLabel = "B",
            description =
                    "Compare the runs given first (A) with these (B), as kubemon compare does, and put what changed "
                            + "first in the report: each changed metric's B/A and 95 %% interval, a click from its charts.")
    java.util.List<java.nio.file.Path> vs;

    @Option(
            names = "--window",
            paramLabel = "FROM..TO",
            description = "With --vs: the part of each run compared, from its start or --align mark (as compare's).")
    String window;

    @Option(
            names = "--min-effect",
            paramLabel = "SHARE",
            defaultValue = "5%",
            description = "With --vs: the least change flagged (default ${DEFAULT-VALUE}).")
    String minEffect;

    @picocli.CommandLine.Mixin
    DuckDbMemory duckDb;

    @Override
    public Integer call() throws Exception {
        if (vs == null && window != null) {
            throw new CliException(ExitCodes.USAGE, "--window is for a comparison: give the runs to compare with --vs");
        }
        java.util.List<java.nio.file.Path> given = new java.util.ArrayList<>(this.runDirs);
        if (vs != null) {
            given.addAll(vs);
        }
        java.util.List<java.nio.file.Path> runDirs =
                given.stream().map(d -> RunInput.of(d).csvRun("report")).toList();
        if (points < 1000) {
            throw new CliException(ExitCodes.USAGE, "--points must be at least 1000");
        }
        java.nio.file.Path out = output != null ? output : runDirs.get(0).resolve("report.html");
        java.io.PrintWriter err = root.spec.commandLine().getErr();
        io.kubemon.report.compare.Comparison.Shown comparison = null;
        if (vs != null) {
            CompareJob.Answer answer = CompareJob.run(
                    this.runDirs,
                    vs,
                    align,
                    CompareWindow.parse(window),
                    java.util.Set.of(),
                    CompareWindow.share(minEffect),
                    2000,
                    duckDb.memory,
                    err);
            comparison = answer.shown();
            answer.header().forEach(err::println);
        }
        ReportFiles.Written w;
        try {
            w = ReportFiles.write(
                    runDirs,
                    out,
                    io.kubemon.report.Report.Options.defaults()
                            .withPointBudget(points)
                            .withAlign(align)
                            .withComparison(comparison),
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
        if (comparison != null) {
            out().printf(
                            "comparison: %d of %d metrics changed, drawn first in the report%n",
                            comparison.rows().size(), comparison.compared());
        }
        s.warnings().forEach(x -> err.println("kubemon: warning: " + x));
        out().flush();
        err.flush();
        return ExitCodes.OK;
    }
}
