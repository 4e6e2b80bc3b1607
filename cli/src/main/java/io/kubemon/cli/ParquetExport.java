package io.kubemon.cli;

import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.Table;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run as one Parquet file per table, all its nodes together, typed as the table declares, zstd,
 * with the run's id, the schema versions and each column's unit and meaning in the file's
 * metadata, and run.json copied beside. DuckDB reads the CSV and writes the Parquet; each file is
 * written under a temporary name and moved into place, so it is there whole or not at all.
 */
final class ParquetExport {
    /**
     * Rows per row group: DuckDB's default. Parquet format v1 (dictionary and run-length encodings):
     * on a run with a recorded run's shape 11 % smaller than v2's delta encodings at the same speed
     * (v2 wins only on uniform noise; BENCHMARKS.md), and every Parquet reader reads it.
     */
    static final int ROW_GROUP_ROWS = 122_880;

    static final String VERSION = "kubemon 0.1.0";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One table's file. */
    record Written(
            Table table,
            Path file,
            long rows,
            long csvBytes,
            long parquetBytes,
            List<ExportManifest.Covered> covered) {}

    private final PrintWriter progress;
    private final String memoryLimit;

    ParquetExport(PrintWriter progress, String memoryLimit) {
        this.progress = progress;
        this.memoryLimit = memoryLimit;
    }

    List<Written> export(RunTables run, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        // The manifest says what the export covers: gone until the new one is written whole.
        Files.deleteIfExists(outDir.resolve(ExportManifest.FILE));
        Path scratch = Files.createTempDirectory(outDir, ".kubemon-export-");
        List<Written> written = new ArrayList<>();
        try (Connection db = DuckDb.open(scratch, memoryLimit)) {
            for (Map.Entry<Table, List<Path>> e : run.files().entrySet()) {
                written.add(table(db, run, e.getKey(), e.getValue(), outDir, scratch));
            }
            if (run.unknown().size() > 0) {
                progress.println("  not exported (no table this build knows): " + String.join(", ", run.unknown()));
            }
            List<ExportManifest.Covered> covered = new ArrayList<>();
            written.forEach(w -> covered.addAll(w.covered()));
            // Written last: an export interrupted before this point has no manifest, so sql does not trust it.
            new ExportManifest(
                            run.runId(),
                            run.dir().toAbsolutePath().normalize().toString(),
                            java.time.Instant.now(),
                            run.active(),
                            covered)
                    .write(outDir);
            Path json = run.dir().resolve(io.kubemon.common.schema.RunLayout.RECORD);
            if (Files.isRegularFile(json)) {
                Path tmp = Files.createTempFile(outDir, ".run-", ".json.tmp");
                Files.copy(json, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(
                        tmp,
                        outDir.resolve("run.json"),
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (SQLException e) {
            throw new CliException(ExitCodes.ERROR, "export of " + run.dir() + ": " + DuckDb.firstLine(e));
        } finally {
            deleteTree(scratch);
        }
        progress.flush();
        return written;
    }

    private Written table(Connection db, RunTables run, Table table, List<Path> files, Path outDir, Path scratch)
            throws IOException, SQLException {
        long started = System.nanoTime();
        List<CsvScan.Part> parts = CsvScan.parts(run, files, scratch, progress, "  ");
        long csvBytes = 0;
        List<ExportManifest.Covered> covered = new ArrayList<>();
        for (CsvScan.Part p : parts) {
            csvBytes += p.bytes();
            covered.add(new ExportManifest.Covered(
                    ExportManifest.relative(run.dir(), p.source()), p.bytes(), WholeLines.lines(p.path()) - 1));
        }
        progress.printf("  %s: %d file(s), %.1f MiB of CSV ...", table.name(), files.size(), csvBytes / 1048576.0);
        progress.flush();
        Set<String> ignored = new LinkedHashSet<>();
        String select = CsvScan.select(table, parts, ignored);
        Path target = io.kubemon.common.schema.RunLayout.parquet(outDir, table);
        Path tmp = scratch.resolve(table.name() + ".parquet");
        long rows; // COPY answers the rows it wrote
        try (Statement s = db.createStatement()) {
            rows = s.executeLargeUpdate("COPY (" + select + ") TO " + CsvScan.literal(tmp.toString())
                    + " (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v1, TIMESTAMP_IS_ADJUSTED_TO_UTC true, "
                    + "ROW_GROUP_SIZE " + ROW_GROUP_ROWS + ", KV_METADATA " + metadata(run, table) + ")");
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long bytes = Files.size(target);
        progress.printf(" %d rows, %.1f MiB (%.1f s)%n", rows, bytes / 1048576.0, (System.nanoTime() - started) / 1e9);
        if (!ignored.isEmpty()) {
            progress.printf(
                    "  %s: columns this build does not declare left out: %s%n",
                    table.name(), String.join(", ", ignored));
        }
        progress.flush();
        return new Written(table, target, rows, csvBytes, bytes, covered);
    }

    /** The file's key-value metadata: the run, the table and every column's kind, type, unit and meaning. */
    static String metadata(RunTables run, Table table) {
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put("kubemon.run_id", run.runId());
        kv.put("kubemon.table", table.name());
        kv.put("kubemon.table_version", Integer.toString(table.version()));
        kv.put("kubemon.table_description", table.description());
        Map<String, Integer> versions = run.record() != null && run.record().schemaVersions() != null
                ? run.record().schemaVersions()
                : Map.of();
        kv.put("kubemon.schema_versions", JSON.writeValueAsString(versions));
        List<Map<String, String>> columns = new ArrayList<>();
        for (Column c : CsvScan.columns(table)) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("kind", c.kind().name().toLowerCase());
            m.put("type", c.type().name().toLowerCase());
            m.put("unit", c.unit());
            m.put("help", c.help());
            columns.add(m);
        }
        kv.put("kubemon.columns", JSON.writeValueAsString(columns));
        kv.put("kubemon.exported_by", VERSION);
        StringBuilder sql = new StringBuilder("{");
        kv.forEach((k, v) -> sql.append(sql.length() > 1 ? ", " : "")
                .append(CsvScan.literal(k))
                .append(": ")
                .append(CsvScan.literal(v)));
        return sql.append('}').toString();
    }

    static void deleteTree(Path dir) {
        try {
            io.kubemon.common.files.Trees.delete(dir, false);
        } catch (IOException e) {
            // a scratch file left behind is harmless; the export's outcome stands
        }
    }
}
