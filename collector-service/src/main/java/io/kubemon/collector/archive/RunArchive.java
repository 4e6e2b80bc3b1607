package io.kubemon.collector.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A run's files as one zip archive, streamed: what {@code GET /runs/{run}/files} sends and {@code kubemon fetch} unpacks. */
final class RunArchive {
    private RunArchive() {}

    /**
     * Every file of the run but the collector's own (dot files: the journal), under the run's
     * name. A file being appended to (an active run) is taken up to its last whole line at the
     * moment it is read, so the archive never holds a torn row.
     */
    static void zip(Path dir, String name, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> !RunFilesController.hidden(dir.relativize(p)))
                    .sorted()
                    .toList();
        }
        byte[] buf = new byte[64 * 1024];
        for (Path f : files) {
            long length = f.toString().endsWith(io.kubemon.common.schema.Table.EXTENSION)
                    ? io.kubemon.common.files.WholeLines.length(f)
                    : Files.size(f);
            ZipEntry entry =
                    new ZipEntry(name + "/" + dir.relativize(f).toString().replace('\\', '/'));
            entry.setTime(Files.getLastModifiedTime(f).toMillis());
            zip.putNextEntry(entry);
            try (InputStream in = Files.newInputStream(f)) {
                long left = length;
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        break;
                    }
                    zip.write(buf, 0, n);
                    left -= n;
                }
            }
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }
}
