package io.kubemon.collector.volume;

import io.kubemon.collector.config.CollectorProperties;
import io.kubemon.collector.web.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The one directory the collector writes under. Output directories named by clients are
 * confined to it: no absolute paths, no {@code ..}, and no symbolic link that leads out.
 */
@Component
public class DataRoot {
    private final Path root;

    public DataRoot(CollectorProperties properties) {
        try {
            Files.createDirectories(properties.dataDir());
            this.root = properties.dataDir().toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the data directory " + properties.dataDir().toAbsolutePath(), e);
        }
    }

    public Path path() {
        return root;
    }

    /** Resolves and creates a run's output directory, or refuses with 400 and the reason. */
    public Path createOutputDir(String outputDir) {
        Path relative = validate(outputDir);
        Path target = root.resolve(relative);
        try {
            // Check the deepest existing ancestor before creating anything, so a symlink that
            // leads out of the root cannot make us create directories elsewhere.
            Path existing = target;
            while (existing != null && !Files.exists(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (existing != null && !existing.toRealPath().startsWith(root)) {
                throw escape(outputDir);
            }
            Files.createDirectories(target);
            Path real = target.toRealPath();
            if (!real.startsWith(root) || real.equals(root)) {
                throw escape(outputDir);
            }
            return real;
        } catch (IOException e) {
            io.kubemon.common.wire.StoreFault fault = io.kubemon.common.wire.StoreFault.of(e);
            if (fault != io.kubemon.common.wire.StoreFault.OTHER) {
                // The volume's fault (full, out of inodes, read-only), not the name's: retryable.
                throw new ApiException(
                        org.springframework.http.HttpStatus.INSUFFICIENT_STORAGE,
                        "store_unavailable",
                        fault.description() + " (" + io.kubemon.common.wire.StoreFault.detail(e)
                                + ") creating output directory '" + outputDir + "'; nothing was created");
            }
            throw ApiException.badRequest(
                    "invalid_output_dir",
                    "cannot create output directory '" + outputDir + "' under the data root: " + e.getMessage());
        }
    }

    public static Path validate(String outputDir) {
        if (outputDir == null || outputDir.isBlank()) {
            throw ApiException.badRequest(
                    "invalid_output_dir", "outputDir is required, e.g. {\"outputDir\": \"exp1\"}");
        }
        if (outputDir.length() > 255 || outputDir.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f || ch == '\\')) {
            throw ApiException.badRequest(
                    "invalid_output_dir",
                    "outputDir must be at most 255 characters without control characters or backslashes");
        }
        Path p;
        try {
            p = Path.of(outputDir);
        } catch (InvalidPathException e) {
            throw ApiException.badRequest("invalid_output_dir", "outputDir is not a valid path: " + e.getMessage());
        }
        if (p.isAbsolute() || outputDir.startsWith("/")) {
            throw ApiException.badRequest(
                    "invalid_output_dir",
                    "outputDir must be relative to the data root, not absolute: '" + outputDir + "'");
        }
        for (Path part : p) {
            String s = part.toString();
            if (s.equals("..") || s.equals(".")) {
                throw ApiException.badRequest(
                        "invalid_output_dir", "outputDir must not contain '.' or '..' segments: '" + outputDir + "'");
            }
            if (s.startsWith(".")) {
                // Hidden names are the collector's own (.kubemon-active-run.json, journals).
                throw ApiException.badRequest(
                        "invalid_output_dir", "outputDir segments must not start with '.': '" + outputDir + "'");
            }
        }
        return p.normalize();
    }

    /**
     * An existing run's directory, for reading: refused with 400 when the name leads outside the
     * data root (also through a symbolic link), 404 when no run is there.
     */
    public Path existingRun(String outputDir) {
        Path target = root.resolve(validate(outputDir));
        Path real;
        try {
            real = target.toRealPath();
        } catch (IOException e) {
            throw new ApiException(
                    org.springframework.http.HttpStatus.NOT_FOUND,
                    "unknown_run",
                    "no run directory '" + outputDir + "' under the data root");
        }
        if (!real.startsWith(root) || real.equals(root)) {
            throw escape(outputDir);
        }
        if (!io.kubemon.common.schema.RunLayout.holdsRun(real)) {
            throw new ApiException(
                    org.springframework.http.HttpStatus.NOT_FOUND,
                    "unknown_run",
                    io.kubemon.common.schema.RunLayout.notARun(real, "'" + outputDir + "' under the data root"));
        }
        return real;
    }

    private static ApiException escape(String outputDir) {
        return ApiException.badRequest(
                "invalid_output_dir",
                "outputDir '" + outputDir + "' leads outside the data root (through a symbolic link)");
    }

    /** {@code dir}, if it holds no file: runs are never mixed in one directory. */
    public static Path requireEmpty(Path dir, String outputDir) {
        boolean empty;
        try (Stream<Path> s = Files.list(dir)) {
            empty = s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!empty) {
            throw ApiException.conflict(
                    "output_dir_not_empty",
                    "output directory '" + outputDir
                            + "' already holds files; choose a new one so that runs are never mixed");
        }
        return dir;
    }

    /** Deletes a run directory and what it holds (the directory itself too unless {@code keepDir}). */
    public static void removeRun(Path dir, boolean keepDir) {
        try {
            io.kubemon.common.files.Trees.delete(dir, keepDir);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(DataRoot.class).warn("removing {} failed: {}", dir, e.toString());
        }
    }
}
