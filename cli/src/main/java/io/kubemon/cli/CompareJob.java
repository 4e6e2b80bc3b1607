package io.kubemon.cli;

import io.kubemon.report.compare.Comparison;
import io.kubemon.report.compare.RatioInterval;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A comparison of runs A with runs B, for compare and report --vs: the runs read as DuckDB views
 * ({@link RunViews}, named A1…, B1…), each run's means over its window ({@link CompareRuns}), the
 * rows with their intervals ({@link Comparison}) and the header that says what was compared.
 */
final class CompareJob {
    /** The rows, biggest change first, and the header's lines. */
    record Answer(List<Comparison.Row> rows, List<String> header, int aRuns, int bRuns) {
        Comparison.Shown shown() {
            return Comparison.Shown.of(header, aRuns, bRuns, rows);
        }
    }

    private CompareJob() {}

    static Answer run(
            List<Path> a,
            List<Path> b,
            String align,
            CompareWindow window,
            Set<String> metrics,
            double minEffect,
            int replicates,
            String memory,
            PrintWriter err)
            throws IOException {
        List<String> aIds = new ArrayList<>();
        List<String> bIds = new ArrayList<>();
        List<RunViews.Source> runs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (List<Path> side : List.of(a, b)) {
            List<String> ids = side == a ? aIds : bIds;
            for (Path p : side) {
                RunViews.Source s = RunViews.source(RunInput.of(p), false, memory, err);
                String id = (side == a ? "A" : "B") + (ids.size() + 1);
                ids.add(id);
                names.add(id + " = " + p);
                runs.add(new RunViews.Source(id, s.csv(), s.export()));
            }
        }
        Path scratch = Files.createTempDirectory("kubemon-compare-");
        try (Connection db = DuckDb.open(scratch, memory)) {
            RunViews.create(db, runs, scratch, err);
            CompareRuns.windows(db, window.bounds(db, align, names));
            CompareRuns reader = new CompareRuns(db, metrics);
            if (reader.compared().isEmpty()) {
                throw new CliException(
                        ExitCodes.USAGE,
                        "--metric " + String.join(" ", metrics)
                                + ": no table has such a column (kubemon list shows them)");
            }
            Set<String> series = new LinkedHashSet<>();
            if (aIds.size() == 1) {
                series.add(aIds.get(0));
            }
            if (bIds.size() == 1) {
                series.add(bIds.get(0));
            }
            CompareRuns.Read read = reader.read(series);
            List<Comparison.Row> rows = Comparison.of(
                    CompareRuns.side(aIds, read),
                    CompareRuns.side(bIds, read),
                    minEffect,
                    new RatioInterval(replicates));
            List<String> header =
                    CompareText.header(aIds.size(), bIds.size(), names, window.describe(align), minEffect, rows);
            return new Answer(rows, header, aIds.size(), bIds.size());
        } catch (SQLException e) {
            throw new CliException(ExitCodes.ERROR, "compare: the runs' tables cannot be read: " + DuckDb.firstLine(e));
        } finally {
            ParquetExport.deleteTree(scratch);
        }
    }
}
