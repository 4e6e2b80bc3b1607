package io.kubemon.common.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

/** The cause of a failed write, read from what the JDK reports (the kernel's strerror text). */
class StoreFaultTest {
    @Test
    void theKernelsWordsNameTheFault() {
        assertThat(StoreFault.of(new IOException("No space left on device"))).isEqualTo(StoreFault.NO_SPACE);
        assertThat(StoreFault.of(new IOException("Disk quota exceeded"))).isEqualTo(StoreFault.QUOTA);
        assertThat(StoreFault.of(new IOException("Input/output error"))).isEqualTo(StoreFault.IO_ERROR);
        assertThat(StoreFault.of(new IOException("something else"))).isEqualTo(StoreFault.OTHER);
    }

    @Test
    void aFileSystemExceptionsReasonCountsAndSoDoesACauseDeeperDown() {
        // What Files.createFile and friends throw: the path in the message, the errno text as the reason.
        FileSystemException rofs = new FileSystemException("/data/run/container/c1.csv", null, "Read-only file system");
        assertThat(StoreFault.of(rofs)).isEqualTo(StoreFault.READ_ONLY);
        assertThat(StoreFault.of(new UncheckedIOException("cannot write run.json", rofs)))
                .isEqualTo(StoreFault.READ_ONLY);
        assertThat(StoreFault.of(new AccessDeniedException("/data/run"))).isEqualTo(StoreFault.PERMISSION);
        assertThat(StoreFault.detail(
                        new UncheckedIOException("cannot write", new IOException("No space left on device"))))
                .isEqualTo("No space left on device");
    }

    @Test
    void aRefusalCarriesItsFault() {
        class Refusal extends IOException implements StoreFault.Known {
            @Override
            public StoreFault fault() {
                return StoreFault.QUOTA;
            }
        }
        IOException e = new Refusal();
        assertThat(StoreFault.of(new IOException("wrapped", e))).isEqualTo(StoreFault.QUOTA);
        assertThat(StoreFault.NO_SPACE.tag()).isEqualTo("no_space");
    }
}
