package io.kubemon.cli;

import io.kubemon.report.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Writes a report file whole or not at all (a temporary file moved into place), with progress on stderr. */
final class ReportFiles {
    record Written(Report.Summary summary, long bytes) {}

    private ReportFiles() {}

    static Written write(List<Path> runDirs, Path out, long points, PrintWriter progress) throws IOException {
        return write(runDirs, out, Report.Options.defaults().withPointBudget(points), progress);
    }

    /** As above, with the report's options (its point budget, a mark to align the runs on). */
    static Written write(List<Path> runDirs, Path out, Report.Options options, PrintWriter progress)
            throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".report-", ".html.tmp");
        try {
            Report.Summary summary;
            int[] lastPercent = {-1};
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                summary = new Report(options).write(runDirs, w, (run, done, total) -> {
                    int percent = total == 0 ? 100 : (int) (done * 100 / total);
                    if (percent != lastPercent[0]) {
                        lastPercent[0] = percent;
                        progress.printf("\rreading %s: %3d%%", run, percent);
                        progress.flush();
                    }
                });
            }
            if (lastPercent[0] >= 0) {
                progress.println();
            }
            try {
                // A temporary file is private (0600); a report is for sharing.
                Files.setPosixFilePermissions(
                        tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its defaults apply
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Written(summary, Files.size(out));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
