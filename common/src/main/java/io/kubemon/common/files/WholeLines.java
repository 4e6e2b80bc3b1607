package io.kubemon.common.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file's length up to and including its last newline: what a reader of a CSV file that may be
 * growing (an active run's) or torn (after a crash) takes, so it never holds half a row. The CLI's
 * readers and the collector's archive of a run both cut there.
 */
public final class WholeLines {
    private WholeLines() {}

    public static long length(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            return length(in, in.size());
        }
    }

    /** The length of the first {@code size} bytes of {@code in} up to their last newline (0 when there is none). */
    public static long length(FileChannel in, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        long end = size;
        while (end > 0) {
            long from = Math.max(0, end - b.capacity());
            b.clear().limit((int) (end - from));
            while (b.hasRemaining() && in.read(b, from + b.position()) > 0) {
                // read the block whole
            }
            for (int i = b.position() - 1; i >= 0; i--) {
                if (b.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            end = from;
        }
        return 0;
    }
}
