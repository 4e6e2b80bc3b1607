package io.kubemon.collector.run;

import io.kubemon.collector.store.FaultPoints;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * For the end-to-end fault tests, which run the collector as its own process: {@code
 * kubemon.collector.fault-points=CSV:20,CSV:60} makes the data volume fill at the 20th and the 60th
 * CSV append of the process ({@link FaultPoints.Step} names, counts since the start), with a file
 * {@value #FILL} in the data root that takes its free space; the test deletes that file to end the
 * fault. Only a tmpfs data root is ever filled (anything else is refused at startup), so a stray
 * setting cannot fill a real disk. Unset, as in every deployment, nothing is armed.
 */
@Component
public class FaultInjection {
    private static final Logger log = LoggerFactory.getLogger(FaultInjection.class);
    /** The file that takes the volume's free space; deleted by the test to end the fault. */
    public static final String FILL = ".kubemon-fault-fill";

    public FaultInjection(
            @Value("${kubemon.collector.fault-points:}") String points,
            io.kubemon.collector.config.CollectorProperties properties)
            throws IOException {
        if (points == null || points.isBlank()) {
            return;
        }
        Path root = properties.dataDir();
        String type = Files.getFileStore(root).type();
        if (!"tmpfs".equals(type)) {
            throw new IllegalStateException("kubemon.collector.fault-points fills the data volume, so it is "
                    + "allowed only on a tmpfs data root (for tests); " + root + " is " + type);
        }
        for (String point : points.split(",")) {
            String[] p = point.strip().split(":");
            if (p.length != 2) {
                throw new IllegalArgumentException(
                        "kubemon.collector.fault-points: STEP:N[,STEP:N...] expected, not '" + point + "'");
            }
            FaultPoints.Step step = FaultPoints.Step.valueOf(p[0].strip().toUpperCase(java.util.Locale.ROOT));
            FaultPoints.arm(step, Long.parseLong(p[1].strip()), (s, n) -> fill(root.resolve(FILL), s, n));
        }
        log.warn("fault injection armed (for tests): the data volume {} fills at {}", root, points);
    }

    /** Takes the volume's free space: megabytes, then pages, until it says ENOSPC. */
    private static void fill(Path file, FaultPoints.Step step, long n) {
        log.warn("fault injection: filling the data volume at {} #{}", step, n);
        for (int chunk : new int[] {1 << 20, 4096}) {
            byte[] bytes = new byte[chunk];
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                while (true) {
                    out.write(bytes);
                    out.flush();
                }
            } catch (IOException full) {
                // the volume is full at this size of write
            }
        }
    }
}
