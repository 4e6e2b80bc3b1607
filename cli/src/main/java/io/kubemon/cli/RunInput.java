package io.kubemon.cli;

import io.kubemon.common.schema.RunLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory a user named for an offline command, as what it holds: a run ({@code RUN}), its
 * export ({@code RUN/parquet}), or an export made elsewhere with {@code -o} (its manifest says
 * which run). Every offline command takes each of them; anything else is refused in the one
 * wording of {@link RunLayout#notARun}.
 *
 * @param run      the run's directory with its CSV files, or null where only the export is at hand
 * @param export   the export's directory, or null where the run has none
 * @param manifest what the export covered, or null (no export, or one made before manifests)
 */
record RunInput(Path named, Path run, Path export, ExportManifest manifest) {

    static RunInput of(Path dir) {
        RunLayout.requireRunOrExport(dir);
        if (RunLayout.holdsExport(dir)) {
            ExportManifest manifest = ExportManifest.read(dir);
            Path parent = dir.toAbsolutePath().normalize().getParent();
            Path run = null;
            if (parent != null && dir.getFileName().toString().equals(RunLayout.EXPORT_DIR) && holdsCsv(parent)) {
                run = parent;
            } else if (manifest != null && manifest.runDir() != null && holdsCsv(Path.of(manifest.runDir()))) {
                run = Path.of(manifest.runDir());
            }
            return new RunInput(dir, run, dir, manifest);
        }
        Path export = dir.resolve(RunLayout.EXPORT_DIR);
        return RunLayout.holdsExport(export)
                ? new RunInput(dir, dir, export, ExportManifest.read(export))
                : new RunInput(dir, dir, null, null);
    }

    /** A run's directory proper: its monitors' directories, or at least its record with no export in it. */
    private static boolean holdsCsv(Path dir) {
        return Files.isDirectory(dir) && RunLayout.holdsRun(dir) && !RunLayout.holdsExport(dir);
    }

    /**
     * The run's directory with its CSV files, which {@code command} reads; an export whose run is
     * not at hand is refused in words that say where it was made from and what reads it.
     */
    Path csvRun(String command) {
        if (run != null) {
            return run;
        }
        String from = manifest != null && manifest.runDir() != null ? " (made from " + manifest.runDir() + ")" : "";
        throw new CliException(
                ExitCodes.USAGE,
                named + " is an export" + from + " without its run's CSV files, which " + command
                        + " reads: name the run's directory, or ask the export with kubemon sql");
    }
}
