package io.kubemon.testsupport;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A run's CSV files read back with opencsv, the way an analysis would: by line, by row, by column name. */
public final class CsvRows {
    private CsvRows() {}

    /** Every line of the file, its header first. */
    public static List<String[]> lines(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVReader r = new CSVReader(in)) {
            return r.readAll();
        } catch (CsvException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The rows without the header, each checked to have every column of it (no torn line). */
    public static List<String[]> rows(Path file) throws IOException {
        List<String[]> all = lines(file);
        if (all.isEmpty()) {
            return List.of();
        }
        int columns = all.get(0).length;
        List<String[]> rows = all.subList(1, all.size());
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).length != columns) {
                throw new AssertionError(file + ": row " + (i + 1) + " has " + rows.get(i).length + " of the header's "
                        + columns + " columns (a torn line)");
            }
        }
        return rows;
    }

    /** The rows by column name. */
    public static List<Map<String, String>> byColumn(Path file) throws IOException {
        List<String[]> all = lines(file);
        List<Map<String, String>> out = new ArrayList<>();
        if (all.isEmpty()) {
            return out;
        }
        String[] header = all.get(0);
        for (String[] row : rows(file)) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                m.put(header[i], row[i]);
            }
            out.add(m);
        }
        return out;
    }

    /** The rows of every CSV file in a directory (not below it), by column name, files in name order. */
    public static List<Map<String, String>> byColumnIn(Path dir) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                out.addAll(byColumn(f));
            }
        }
        return out;
    }
}
