package io.kubemon.common.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting a directory tree: the one recursive delete (a run undone, an export's scratch, a fetch's staging). */
public final class Trees {
    private Trees() {}

    /**
     * Deletes {@code dir} and everything under it, deepest first; a tree that is not there is no
     * error. With {@code keepRoot} the directory itself stays, empty.
     *
     * @throws IOException the first file that could not be deleted; what was deleted before it stays deleted
     */
    public static void delete(Path dir, boolean keepRoot) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!(keepRoot && p.equals(dir))) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
