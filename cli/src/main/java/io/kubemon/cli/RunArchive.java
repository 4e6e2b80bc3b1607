package io.kubemon.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** A run's archive from {@code GET /runs/{run}/files}, unpacked safely. */
final class RunArchive {
    record Unpacked(int files) {}

    private RunArchive() {}

    /** Each segment URL-encoded, the slashes kept: a run name like "exp 1/a" is a path. */
    static String encodePath(String run) {
        StringBuilder b = new StringBuilder();
        for (String seg : run.split("/")) {
            if (!seg.isEmpty()) {
                b.append(b.length() > 0 ? "/" : "")
                        .append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return b.toString();
    }

    /**
     * Unpacks into {@code dir}; an entry that would land outside it (an absolute name, "..") is
     * refused, whatever sent it. Each file is written whole and then moved into place.
     */
    static Unpacked unpack(Path zip, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        int files = 0;
        try (InputStream in = Files.newInputStream(zip);
                ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new CliException(ExitCodes.ERROR, "the archive holds a file outside the run: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
                Files.copy(z, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                files++;
            }
        }
        return new Unpacked(files);
    }
}
