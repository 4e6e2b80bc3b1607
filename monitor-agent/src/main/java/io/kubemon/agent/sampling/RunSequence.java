package io.kubemon.agent.sampling;

import io.kubemon.agent.config.AgentProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The last batch number used in a run, kept in the spool directory, so that an agent killed and
 * restarted mid-run goes on numbering where it stopped: the collector never sees a reused seq,
 * which it would take for a resend and silently skip.
 *
 * <p>Numbers are reserved in blocks of {@link #BLOCK}: the file holds the highest number the run
 * may have reached, and is rewritten once per block rather than once per tick (a write and a
 * rename every tick showed up in the agent's CPU profile). After a restart numbering goes on above
 * the reservation; the unused rest of the block is a gap, which the collector accepts (it only
 * requires each seq of an agent to be above the last one it wrote).
 */
@Component
public class RunSequence {
    private static final Logger log = LoggerFactory.getLogger(RunSequence.class);
    static final long BLOCK = 100;
    private final Path dir;
    /** The reservation on disk for each run this agent numbers. */
    private final java.util.Map<String, Long> reserved = new java.util.concurrent.ConcurrentHashMap<>();
    /** The last try to record failed (its warning was given). */
    private volatile boolean unrecorded;

    public RunSequence(AgentProperties properties) {
        this.dir = properties.spoolDir().resolve("seq");
    }

    /** A seq at or above every seq used in the run so far; 0 for a run this agent has not sampled before. */
    public long last(String runId) {
        try {
            Path f = file(runId);
            return Files.exists(f) ? Long.parseLong(Files.readString(f).trim()) : 0;
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "cannot read the last seq of run {} ({}); numbering from a time-based start to avoid reuse",
                    runId,
                    e.toString());
            return System.currentTimeMillis();
        }
    }

    /** Records that {@code seq} is used: no later {@link #last} may return less. */
    public void record(String runId, long seq) {
        if (seq <= reserved.getOrDefault(runId, 0L)) {
            return;
        }
        long upTo = seq + BLOCK - 1;
        try {
            Files.createDirectories(dir);
            io.kubemon.common.files.AtomicFiles.write(
                    file(runId), Long.toString(upTo).getBytes(StandardCharsets.US_ASCII));
            reserved.put(runId, upTo);
            if (unrecorded) {
                log.info("recording the seqs of run {} again", runId);
                unrecorded = false;
            }
        } catch (IOException e) {
            // Tried again with the next batch; said once per streak (a full spool volume fails every try).
            if (!unrecorded) {
                log.warn("cannot record seq {} of run {}: {}", seq, runId, e.toString());
                unrecorded = true;
            }
        }
    }

    private Path file(String runId) {
        return dir.resolve(safe(runId));
    }

    private static String safe(String runId) {
        return runId.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
