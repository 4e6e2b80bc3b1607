package io.kubemon.e2e;

import com.opencsv.CSVReader;
import java.io.FileReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The rows of a run's CSV files, read back by column name with opencsv. */
final class CsvRows {
    private CsvRows() {}

    /** Every row of every CSV file under {@code dir}, by column name. */
    static List<Map<String, String>> of(Path dir) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                try (CSVReader r = new CSVReader(new FileReader(f.toFile()))) {
                    List<String[]> all = r.readAll();
                    String[] header = all.get(0);
                    for (String[] line : all.subList(1, all.size())) {
                        Map<String, String> m = new HashMap<>();
                        for (int i = 0; i < header.length; i++) {
                            m.put(header[i], line[i]);
                        }
                        rows.add(m);
                    }
                } catch (com.opencsv.exceptions.CsvException e) {
                    throw new IOException(f + ": " + e.getMessage(), e);
                }
            }
        }
        return rows;
    }
}
