package io.kubemon.common.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What makes a directory a kubemon run, or an export of one, and the one way every command and
 * the collector say that a directory is neither. A run holds {@code run.json} or one of the
 * monitors' directories ({@link Schemas#MONITORS}); an export holds {@code <table>.parquet} of a
 * known table ({@code RUN/parquet} by default, or the directory {@code kubemon export -o} named).
 */
public final class RunLayout {
    /** The run's record, written by the collector when the run starts and when it ends. */
    public static final String RECORD = "run.json";
    /** Where {@code kubemon export} writes a run's Parquet by default, inside the run. */
    public static final String EXPORT_DIR = "parquet";

    public static final String PARQUET = ".parquet";

    private RunLayout() {}

    /** A directory that is neither a run nor an export, refused in {@link #notARun}'s words. */
    public static final class NotARunException extends IllegalArgumentException {
        public NotARunException(Path dir) {
            super(notARun(dir));
        }
    }

    /** Whether {@code dir} holds a run's files: its record or a monitor's directory. */
    public static boolean holdsRun(Path dir) {
        if (Files.isRegularFile(dir.resolve(RECORD))) {
            return true;
        }
        for (String m : Schemas.MONITORS) {
            if (Files.isDirectory(dir.resolve(m))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code dir} holds an export: the Parquet file of at least one known table. */
    public static boolean holdsExport(Path dir) {
        for (Table t : Schemas.ALL) {
            if (Files.isRegularFile(parquet(dir, t))) {
                return true;
            }
        }
        return false;
    }

    /** A table's file in an export directory. */
    public static Path parquet(Path exportDir, Table table) {
        return exportDir.resolve(table.name() + PARQUET);
    }

    /** The one wording of "not a run", for every command and the collector's API. */
    public static String notARun(Path dir) {
        return notARun(dir, dir.toString());
    }

    /** The same, naming the directory as {@code shownAs} (the collector names it relative to its data root). */
    public static String notARun(Path dir, String shownAs) {
        String why = !Files.exists(dir)
                ? "it does not exist"
                : !Files.isDirectory(dir)
                        ? "it is not a directory"
                        : "it holds no " + RECORD + ", none of " + String.join("/, ", Schemas.MONITORS)
                                + "/ and no exported <table>" + PARQUET;
        return shownAs + " is not a kubemon run: " + why;
    }

    /** {@code dir} when it is a run or an export of one; refused in the one wording otherwise. */
    public static Path requireRunOrExport(Path dir) {
        if (!Files.isDirectory(dir) || !(holdsRun(dir) || holdsExport(dir))) {
            throw new NotARunException(dir);
        }
        return dir;
    }

    /**
     * A run's CSV files, each located by its table ({@link RunLayout#locate}, so a table added later,
     * or a file of an earlier version, is found without an edit here).
     *
     * @param byTable each known table's files, sorted, in the order of {@link Schemas#ALL}; tables without files left out
     * @param located each of those files' table and source
     * @param unknown CSV files of no table this build knows, by their path in the run ({@code os/n1.tcp.csv})
     */
    public record Scan(Map<Table, List<Path>> byTable, Map<Path, Located> located, List<String> unknown) {
        /** The files of one table (none: empty). */
        public List<Path> of(Table table) {
            return byTable.getOrDefault(table, List.of());
        }
    }

    /** Lists the run's monitors' directories: the one scan every reader of a run's files uses. */
    public static Scan scan(Path run) throws IOException {
        Map<Table, List<Path>> byTable = new LinkedHashMap<>();
        Schemas.ALL.forEach(t -> byTable.put(t, new ArrayList<>()));
        Map<Path, Located> located = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String monitor : Schemas.MONITORS) {
            Path m = run.resolve(monitor);
            if (!Files.isDirectory(m)) {
                continue;
            }
            try (Stream<Path> s = Files.list(m)) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    String name = p.getFileName().toString();
                    if (!name.endsWith(Table.EXTENSION)) {
                        continue;
                    }
                    var where = locate(m, name);
                    if (where.isPresent()) {
                        byTable.get(where.get().table()).add(p);
                        located.put(p, where.get());
                    } else {
                        unknown.add(monitor + "/" + name);
                    }
                }
            }
        }
        byTable.values().removeIf(List::isEmpty);
        return new Scan(byTable, located, unknown);
    }

    /** A run's file, known: its table and the source (node, container) it holds rows of. */
    public record Located(Table table, String source) {}

    /**
     * Which table and source a file of a run's monitor directory holds, or empty for a file that
     * is no table's: among the monitor's tables whose suffix the name ends with, the longest suffix
     * first, the one whose header the file starts with (so {@code n1.tcp.csv} is never taken for a
     * node {@code n1.tcp} of the OS table when it is a table this build does not know). The header
     * names its table by the row prefix and the table's first column, which no version of a table
     * changed (later versions add columns), so the files of earlier runs are located too. A file
     * whose header cannot be read (empty, or not there) is matched by its name alone.
     */
    public static Optional<Located> locate(java.nio.file.Path monitorDir, String fileName) {
        String monitor =
                monitorDir.getFileName() == null ? "" : monitorDir.getFileName().toString();
        String header = null;
        boolean read = false;
        List<Table> candidates = Schemas.ALL.stream()
                .filter(t -> t.monitor().equals(monitor) && t.sourceOf(fileName) != null)
                .sorted(java.util.Comparator.comparingInt(
                                (Table t) -> t.fileSuffix().length())
                        .reversed())
                .toList();
        for (Table t : candidates) {
            if (!read) {
                header = firstLine(monitorDir.resolve(fileName));
                read = true;
            }
            if (header == null || header.isEmpty() || sameTable(header, t)) {
                return Optional.of(new Located(t, t.sourceOf(fileName)));
            }
        }
        return Optional.empty();
    }

    /** The header starts with the row prefix and then the table's first column. */
    static boolean sameTable(String header, Table t) {
        String[] names = header.split(",", Table.ROW_PREFIX.size() + 2);
        if (names.length <= Table.ROW_PREFIX.size() || t.columns().isEmpty()) {
            return false;
        }
        for (int i = 0; i < Table.ROW_PREFIX.size(); i++) {
            if (!names[i].equals(Table.ROW_PREFIX.get(i).name())) {
                return false;
            }
        }
        return names[Table.ROW_PREFIX.size()].equals(t.columns().get(0).name());
    }

    private static String firstLine(java.nio.file.Path file) {
        try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(file)) {
            String line = r.readLine();
            return line == null ? "" : line;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
