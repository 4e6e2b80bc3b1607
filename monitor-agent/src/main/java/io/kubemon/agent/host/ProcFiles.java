package io.kubemon.agent.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The thin reading half of every source: a whole pseudo-file as text, or empty when the kernel
 * does not have it (no /proc/pressure before 4.20) or we may not read it. A missing file is
 * normal and becomes empty cells; it is logged once per path, not once per tick.
 */
@Component
public class ProcFiles {
    private static final Logger log = LoggerFactory.getLogger(ProcFiles.class);
    private final Set<Path> reported = ConcurrentHashMap.newKeySet();

    public Optional<String> read(Path path) {
        try {
            // Pseudo-files report size 0, so read to the end rather than trusting the size.
            return Optional.of(new String(Files.readAllBytes(path), StandardCharsets.US_ASCII));
        } catch (NoSuchFileException e) {
            if (reported.add(path)) {
                log.info("{} does not exist on this host; its columns stay empty", path);
            }
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            if (reported.add(path)) {
                log.warn("cannot read {} ({}); its columns stay empty", path, e.toString());
            }
            return Optional.empty();
        }
    }

    /**
     * For per-container and per-process files, which vanish whenever a process or container
     * exits: missing or unreadable is an ordinary outcome, not worth a log line.
     */
    public Optional<String> readQuiet(Path path) {
        try {
            return Optional.of(new String(Files.readAllBytes(path), StandardCharsets.US_ASCII));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
