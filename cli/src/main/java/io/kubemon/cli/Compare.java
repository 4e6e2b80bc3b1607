package io.kubemon.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kubemon compare A… --vs B…}: what changed between two sets of runs, by how much, and how
 * sure that is. Offline; the answer from {@link CompareJob}, in words by {@link CompareText}.
 */
@Command(
        name = "compare",
        description =
                "Compare runs A (the baseline) with runs B (the treatment): every metric of every node, container "
                        + "(matched by workload: namespace, the pod's owner, the container) and process (by command), each "
                        + "run's mean over the window, B/A with a 95 %% bootstrap interval (by run; by blocks of intervals "
                        + "where a side has one run), and which changed. Offline.")
class Compare extends Base {
    @picocli.CommandLine.Mixin
    JsonOption jsonOption;

    @Override
    boolean json() {
        return jsonOption.on || root.json;
    }

    @Parameters(arity = "1..*", paramLabel = "A", description = "The baseline's run directories or exports.")
    List<Path> a;

    @Option(
            names = "--vs",
            arity = "1..*",
            required = true,
            paramLabel = "B",
            description = "The treatment's run directories or exports.")
    List<Path> b;

    @Option(
            names = "--align",
            paramLabel = "MARK",
            description = "Measure the window from each run's mark labelled MARK (or starting with it), not its start.")
    String align;

    @Option(
            names = "--window",
            paramLabel = "FROM..TO",
            description = "The part of each run compared, relative to its start or --align mark, whole intervals: "
                    + "10s..70s, -5s..30s, 1m.. (default: all of it).")
    String window;

    @Option(
            names = "--metric",
            arity = "1..*",
            paramLabel = "NAME",
            description = "Only these columns (cpu_usage_seconds, or table.column); default every measured column.")
    List<String> metric = new ArrayList<>();

    @Option(
            names = "--min-effect",
            paramLabel = "SHARE",
            defaultValue = "5%",
            description = "The least change flagged, however sure (default ${DEFAULT-VALUE}; 0.05 alike).")
    String minEffect;

    @Option(names = "--all", description = "List every compared metric, not only the changed ones (table form).")
    boolean all;

    @Option(names = "--csv", description = "Print CSV, one record per entity and metric (every one).")
    boolean csv;

    @Option(
            names = "--replicates",
            paramLabel = "N",
            defaultValue = "2000",
            description = "Bootstrap replicates per metric (default ${DEFAULT-VALUE}).")
    int replicates;

    @picocli.CommandLine.Mixin
    DuckDbMemory duckDb;

    @Override
    public Integer call() throws Exception {
        if (csv && json()) {
            throw new CliException(ExitCodes.USAGE, "--csv and --json: choose one");
        }
        if (replicates < 200) {
            throw new CliException(ExitCodes.USAGE, "--replicates must be at least 200, not " + replicates);
        }
        double effect = CompareWindow.share(minEffect);
        CompareWindow w = CompareWindow.parse(window);
        PrintWriter err = root.spec.commandLine().getErr();
        CompareJob.Answer answer =
                CompareJob.run(a, b, align, w, new LinkedHashSet<>(metric), effect, replicates, duckDb.memory, err);
        // The header and footer are for a person: beside CSV and JSON they go to standard error.
        PrintWriter notes = json() || csv ? err : out();
        answer.header().forEach(notes::println);
        notes.flush();
        Path scratch = Files.createTempDirectory("kubemon-compare-");
        try (Connection db = DuckDb.open(scratch, duckDb.memory)) {
            CompareText.print(
                    db, answer.rows(), json() ? ResultText.Style.JSON : csv ? ResultText.Style.CSV : null, all, out());
        } catch (SQLException e) {
            throw new CliException(ExitCodes.ERROR, "compare: " + DuckDb.firstLine(e));
        } finally {
            ParquetExport.deleteTree(scratch);
        }
        CompareText.footer(answer.rows(), all || json() || csv).forEach(notes::println);
        notes.flush();
        return ExitCodes.OK;
    }

    static String percent(double share) {
        return new java.math.BigDecimal(share * 100)
                        .round(new java.math.MathContext(3))
                        .stripTrailingZeros()
                        .toPlainString()
                + " %";
    }
}
