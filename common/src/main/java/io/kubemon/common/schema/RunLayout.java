package io.kubemon.common.schema;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
