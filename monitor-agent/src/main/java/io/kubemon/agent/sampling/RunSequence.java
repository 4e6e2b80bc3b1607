package io.kubemon.agent.sampling;

import io.kubemon.agent.AgentProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The last batch number used in a run, kept in the spool directory, so that an agent killed and
 * restarted mid-run goes on numbering where it stopped: the collector never sees a reused seq,
 * which it would take for a resend and silently skip.
 */
@Component
public class RunSequence {
    private static final Logger log = LoggerFactory.getLogger(RunSequence.class);
    private final Path dir;

    public RunSequence(AgentProperties properties) {
        this.dir = properties.spoolDir().resolve("seq");
    }

    /** The last seq recorded for the run, 0 for a run this agent has not sampled before. */
    public long last(String runId) {
        try {
            Path f = file(runId);
            return Files.exists(f) ? Long.parseLong(Files.readString(f).trim()) : 0;
        } catch (IOException | RuntimeException e) {
            log.warn("cannot read the last seq of run {} ({}); numbering from a time-based start to avoid reuse", runId, e.toString());
            return System.currentTimeMillis();
        }
    }

    public void record(String runId, long seq) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(safe(runId) + ".tmp");
            Files.writeString(tmp, Long.toString(seq), StandardCharsets.US_ASCII);
            Files.move(tmp, file(runId), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("cannot record seq {} of run {}: {}", seq, runId, e.toString());
        }
    }

    private Path file(String runId) {
        return dir.resolve(safe(runId));
    }

    private static String safe(String runId) {
        return runId.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
