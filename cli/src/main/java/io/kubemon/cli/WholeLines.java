package io.kubemon.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A CSV file up to its last whole line, as a reader sees it: the file itself where it ends with a
 * newline and no longer grows, else a copy of that prefix (the collector may be appending to an
 * active run's file, and a crash can leave half a line; a half line can parse as a wrong number).
 *
 * @param path    the file to read
 * @param dropped bytes after the last newline that were left out
 */
record WholeLines(Path path, long dropped) {

    /** The file's whole lines, copied into {@code scratch} where they are not the whole file. */
    static WholeLines of(Path file, boolean growing, Path scratch) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            long whole = wholeLength(in, size);
            if (whole == size && !growing) {
                return new WholeLines(file, 0);
            }
            Files.createDirectories(scratch);
            Path copy = Files.createTempFile(scratch, "part-", ".csv");
            try (FileChannel out = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                long done = 0;
                while (done < whole) {
                    done += in.transferTo(done, whole - done, out);
                }
            }
            return new WholeLines(copy, size - whole);
        }
    }

    /** A file's length up to and including its last newline. */
    static long wholeLengthOf(Path file) throws IOException {
        return io.kubemon.common.files.WholeLines.length(file);
    }

    /** The length up to and including the last newline (0 when there is none). */
    static long wholeLength(FileChannel in, long size) throws IOException {
        return io.kubemon.common.files.WholeLines.length(in, size);
    }

    /** The number of newlines in a file: a whole-lines file's rows, with its header. */
    static long lines(Path file) throws IOException {
        long n = 0;
        ByteBuffer b = ByteBuffer.allocate(256 * 1024);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (in.read(b.clear()) > 0) {
                for (int i = 0, end = b.position(); i < end; i++) {
                    if (b.get(i) == '\n') {
                        n++;
                    }
                }
            }
        }
        return n;
    }
}
