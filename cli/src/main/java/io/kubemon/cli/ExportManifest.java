package io.kubemon.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an export covered, written beside its Parquet files as {@code export.json}: the run it was
 * made from and each CSV file's length and rows then. {@code kubemon sql} answers from an export
 * only while it still covers the run's files; a run that grew since is read from its CSV.
 *
 * @param runDir     the run's directory, absolute, when it was exported
 * @param runActive  whether the run was still being written
 * @param files      each CSV file read, by its path in the run
 */
record ExportManifest(String runId, String runDir, Instant exportedAt, boolean runActive, List<Covered> files) {
    static final String FILE = "export.json";

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** One CSV file as the export read it: up to {@code bytes} (its whole lines), {@code rows} rows. */
    record Covered(String path, long bytes, long rows) {}

    /** The manifest of an export directory, or null for one without (made before manifests, or not an export). */
    static ExportManifest read(Path exportDir) {
        Path f = exportDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return JSON.readValue(f.toFile(), ExportManifest.class);
        } catch (RuntimeException e) {
            throw new CliException(ExitCodes.ERROR, f + " does not read as an export's manifest: " + e.getMessage());
        }
    }

    void write(Path exportDir) throws IOException {
        Path tmp = Files.createTempFile(exportDir, ".export-", ".json.tmp");
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        Files.move(tmp, exportDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Why this export no longer covers the run's files now, or null while it does: a file grew, is
     * new, or is gone.
     */
    String staleness(RunTables run) throws IOException {
        Map<String, Covered> byPath = files.stream().collect(Collectors.toMap(Covered::path, c -> c));
        int seen = 0;
        for (List<Path> tableFiles : run.files().values()) {
            for (Path f : tableFiles) {
                String rel = relative(run.dir(), f);
                Covered c = byPath.get(rel);
                if (c == null && WholeLines.wholeLengthOf(f) == 0) {
                    continue; // no header yet: nothing to cover
                }
                if (c == null) {
                    return rel + " is new since the export";
                }
                long size = Files.size(f);
                if (size != c.bytes() && !(size > c.bytes() && WholeLines.wholeLengthOf(f) == c.bytes())) {
                    return rel + " is " + size + " bytes, " + c.bytes() + " when exported";
                }
                seen++;
            }
        }
        return seen < files.size() ? (files.size() - seen) + " file(s) exported are no longer in the run" : null;
    }

    static String relative(Path runDir, Path file) {
        return runDir.toAbsolutePath()
                .normalize()
                .relativize(file.toAbsolutePath().normalize())
                .toString();
    }
}
