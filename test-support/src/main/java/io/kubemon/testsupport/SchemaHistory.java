package io.kubemon.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every header each table has had ({@code schema-history.tsv}): what runs recorded by earlier
 * kubemon versions hold, so that tests can make such runs and open them in every command.
 */
public final class SchemaHistory {
    private SchemaHistory() {}

    /** One table's header at one version, and the commit that first wrote it. */
    public record Version(String table, int version, String since, List<String> header) {}

    public static List<Version> all() {
        List<Version> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                SchemaHistory.class.getResourceAsStream("schema-history.tsv"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                out.add(new Version(f[0], Integer.parseInt(f[1]), f[2], Arrays.asList(f[3].split(",", -1))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Writes {@code file} back with {@code header}, as an earlier version wrote it: each cell found
     * by its column's name in the file's own header, a column the file lacks empty.
     */
    public static void rewrite(java.nio.file.Path file, List<String> header) throws IOException {
        List<String[]> lines = CsvRows.lines(file);
        List<String> from = Arrays.asList(lines.get(0));
        try (var w = new com.opencsv.CSVWriterBuilder(java.nio.file.Files.newBufferedWriter(file))
                .withLineEnd("\n")
                .build()) {
            w.writeNext(header.toArray(String[]::new), false);
            for (String[] cells : lines.subList(1, lines.size())) {
                String[] row = new String[header.size()];
                for (int i = 0; i < row.length; i++) {
                    int at = from.indexOf(header.get(i));
                    row[i] = at < 0 ? "" : cells[at];
                }
                w.writeNext(row, false);
            }
        }
    }

    /** The first header of {@code table} at {@code version}. */
    public static List<String> header(String table, int version) {
        return all().stream()
                .filter(v -> v.table().equals(table) && v.version() == version)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + table + " v" + version + " in the history"))
                .header();
    }
}
