package io.kubemon.agent.sampling;

import io.kubemon.agent.config.AgentProperties;
import io.kubemon.common.wire.RunAccount;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The agent's account of every run it holds data of: rows sampled, sent, dropped by reason, the
 * first and last tick and the stop instant, so that no row can go missing without a count.
 *
 * <p>Each run's account is one small file in the spool directory, rewritten in place (one
 * {@code pwrite}, no fsync) at every change: the page cache keeps it across a kill of the agent,
 * which is the failure it is for. After a restart, whatever the account says was sampled and is
 * neither sent, dropped, nor still in the spool was lost with the agent's memory queue: it is
 * counted as dropped by the restart. (A machine crash may lose the last writes of the account
 * along with the page cache; the collector's own files then say what arrived.)
 */
@Component
public class RunAccounts {
    private static final Logger log = LoggerFactory.getLogger(RunAccounts.class);
    /** Accounts kept: the current run and a few before it whose late data may still be on its way. */
    static final int KEEP = 4;

    private static final int RECORD_BYTES = 320;

    private final Path dir;
    private final LinkedHashMap<String, Account> runs = new LinkedHashMap<>();

    public RunAccounts(AgentProperties properties) {
        this.dir = properties.spoolDir().resolve("ledger");
        load();
    }

    /**
     * A tick of {@code runId} starts reading its sources. Until {@link #tickDone} the run is not
     * drained if the tick is at or before the stop: its rows exist but are not counted yet. Kept in
     * memory only; an agent that dies mid-tick has no rows of it to lose.
     */
    public synchronized void tickStarted(String runId, long tickMs) {
        account(runId).tickInProgress = tickMs;
    }

    /** The tick started with {@link #tickStarted} has been counted ({@link #sampled}) and queued, or had no rows. */
    public synchronized void tickDone(String runId) {
        Account a = runs.get(runId);
        if (a != null) {
            a.tickInProgress = -1;
        }
    }

    /** A tick of {@code runId} made {@code rows} rows, about to be queued for sending. */
    public synchronized void sampled(String runId, long tickMs, long intervalMs, int rows) {
        Account a = account(runId);
        a.intervalMs = intervalMs;
        a.sampledRows += rows;
        if (a.firstTick < 0) {
            a.firstTick = tickMs;
        }
        a.lastTick = Math.max(a.lastTick, tickMs);
        a.write();
    }

    public synchronized void missed(String runId, long ticks) {
        Account a = account(runId);
        a.missedTicks += ticks;
        a.write();
    }

    /** Fields of a tick of {@code runId} that were present but unreadable (each an empty cell). */
    public synchronized void malformed(String runId, long fields) {
        Account a = account(runId);
        a.malformedFields += fields;
        a.write();
    }

    public synchronized void sent(String runId, int rows) {
        Account a = account(runId);
        a.sentRows += rows;
        a.write();
    }

    public enum Reason {
        SPOOL_FULL,
        REFUSED,
        AGENT_RESTART
    }

    public synchronized void dropped(String runId, Reason reason, long rows) {
        if (runId == null) {
            return;
        }
        Account a = account(runId);
        switch (reason) {
            case SPOOL_FULL -> a.droppedSpoolFull += rows;
            case REFUSED -> a.droppedRefused += rows;
            case AGENT_RESTART -> a.droppedRestart += rows;
        }
        a.write();
    }

    /**
     * A batch of a tick after the run's stop instant was discarded: sampled between the stop and
     * the moment the agent learned of it, it is not part of the run and leaves the sampled count.
     */
    public synchronized void discardedAfterStop(String runId, int rows) {
        Account a = account(runId);
        a.sampledRows -= rows;
        a.write();
    }

    /** Records the run's stop instant; true when it is news to this agent. */
    public synchronized boolean stop(String runId, long stopAtMs) {
        Account a = account(runId);
        if (a.stopAt == stopAtMs) {
            return false;
        }
        a.stopAt = stopAtMs;
        a.write();
        return true;
    }

    /** The stop instant of {@code runId}, or -1 while the run goes on (or is unknown). */
    public synchronized long stopAt(String runId) {
        Account a = runId == null ? null : runs.get(runId);
        return a == null ? -1 : a.stopAt;
    }

    /**
     * After a restart: rows the account says were sampled and that are neither sent, dropped nor in
     * the spool were in the memory queue when the agent died. Called once, with the spool's rows
     * per run as found on disk.
     */
    public synchronized void reconcile(Map<String, Long> spooledRows) {
        for (Account a : runs.values()) {
            long lost = a.outstanding() - spooledRows.getOrDefault(a.runId, 0L);
            if (lost > 0) {
                a.droppedRestart += lost;
                a.write();
                log.warn(
                        "{} row(s) of run {} were queued in memory when the agent stopped and are lost; "
                                + "counted as dropped by the restart",
                        lost,
                        a.runId);
            }
        }
    }

    public synchronized RunAccount report(String runId) {
        Account a = runs.get(runId);
        return a == null ? null : a.report();
    }

    /** Every account held, oldest first. */
    public synchronized List<RunAccount> reports() {
        List<RunAccount> out = new ArrayList<>(runs.size());
        runs.values().forEach(a -> out.add(a.report()));
        return out;
    }

    private Account account(String runId) {
        Account a = runs.get(runId);
        if (a == null) {
            a = new Account(runId);
            runs.put(runId, a);
            while (runs.size() > KEEP) {
                Account eldest = runs.values().iterator().next();
                runs.remove(eldest.runId);
                eldest.delete();
            }
        }
        return a;
    }

    private void load() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Account> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                try {
                    found.add(parse(new String(Files.readAllBytes(p), StandardCharsets.US_ASCII)));
                } catch (IOException | RuntimeException e) {
                    log.warn("run account {} is unreadable and is ignored: {}", p, e.toString());
                }
            }
        } catch (IOException e) {
            log.warn("cannot list the run accounts in {}: {}", dir, e.toString());
        }
        found.sort(Comparator.comparingLong(a -> a.firstTick));
        found.forEach(a -> runs.put(a.runId, a));
    }

    @PreDestroy
    public synchronized void close() {
        runs.values().forEach(Account::closeChannel);
    }

    /** One run's counters and the file they are kept in. */
    private final class Account {
        final String runId;
        long sampledRows;
        long sentRows;
        long droppedSpoolFull;
        long droppedRefused;
        long droppedRestart;
        long firstTick = -1;
        long lastTick = -1;
        long missedTicks;
        long malformedFields;
        long stopAt = -1;
        long intervalMs = 1;
        /** The grid instant of the tick being read, or -1. */
        long tickInProgress = -1;

        private FileChannel channel;

        Account(String runId) {
            this.runId = runId;
        }

        long outstanding() {
            return sampledRows - sentRows - droppedSpoolFull - droppedRefused - droppedRestart;
        }

        RunAccount report() {
            // Ticks sit on the run's grid: the last one up to a stop is the stop instant's grid point
            // (later ones, sampled before the stop was known, were discarded).
            long last = stopAt < 0 || lastTick < 0
                    ? lastTick
                    : Math.min(lastTick, stopAt - Math.floorMod(stopAt, intervalMs));
            return new RunAccount(
                    runId,
                    sampledRows,
                    sentRows,
                    Math.max(0, outstanding()),
                    droppedSpoolFull,
                    droppedRefused,
                    droppedRestart,
                    firstTick < 0 ? null : firstTick,
                    last < firstTick ? null : last,
                    missedTicks,
                    stopAt < 0 ? null : stopAt,
                    tickInProgress >= 0 && (stopAt < 0 || tickInProgress <= stopAt),
                    malformedFields);
        }

        Path file() {
            return dir.resolve(runId.replaceAll("[^A-Za-z0-9._-]", "_"));
        }

        /** One fixed-size record rewritten in place; a failure to keep the account is logged, not fatal. */
        /** The last write failed (its warning was given). */
        private boolean unwritten;

        void write() {
            String text =
                    "run=" + runId + " sampled=" + sampledRows + " sent=" + sentRows + " spoolFull=" + droppedSpoolFull
                            + " refused=" + droppedRefused + " restart=" + droppedRestart + " first=" + firstTick
                            + " last=" + lastTick
                            + " missed=" + missedTicks + " malformed=" + malformedFields + " stop=" + stopAt
                            + " interval=" + intervalMs;
            byte[] record = new byte[Math.max(RECORD_BYTES, text.length() + 1)];
            java.util.Arrays.fill(record, (byte) ' ');
            System.arraycopy(text.getBytes(StandardCharsets.US_ASCII), 0, record, 0, text.length());
            record[record.length - 1] = '\n';
            try {
                if (channel == null) {
                    Files.createDirectories(dir);
                    channel = FileChannel.open(file(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                }
                ByteBuffer b = ByteBuffer.wrap(record);
                for (long pos = 0; b.hasRemaining(); ) {
                    pos += channel.write(b, pos);
                }
                if (unwritten) {
                    log.info("keeping the account of run {} in {} again", runId, dir);
                    unwritten = false;
                }
            } catch (IOException e) {
                // Written again at the next change; said once per streak, not at every tick.
                if (!unwritten) {
                    log.warn("cannot keep the account of run {} in {}: {}", runId, dir, e.toString());
                    unwritten = true;
                }
            }
        }

        void closeChannel() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // the account was written; nothing to do
                }
                channel = null;
            }
        }

        void delete() {
            closeChannel();
            try {
                Files.deleteIfExists(file());
            } catch (IOException e) {
                log.warn("cannot delete the old run account {}: {}", file(), e.toString());
            }
        }
    }

    /** Reads an account written by {@link Account#write}; "k=v" fields, unknown ones ignored. */
    private Account parse(String text) {
        Map<String, String> f = new HashMap<>();
        for (String token : text.trim().split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                f.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        Account a = new Account(java.util.Objects.requireNonNull(f.get("run"), "no run id"));
        a.sampledRows = Long.parseLong(f.getOrDefault("sampled", "0"));
        a.sentRows = Long.parseLong(f.getOrDefault("sent", "0"));
        a.droppedSpoolFull = Long.parseLong(f.getOrDefault("spoolFull", "0"));
        a.droppedRefused = Long.parseLong(f.getOrDefault("refused", "0"));
        a.droppedRestart = Long.parseLong(f.getOrDefault("restart", "0"));
        a.firstTick = Long.parseLong(f.getOrDefault("first", "-1"));
        a.lastTick = Long.parseLong(f.getOrDefault("last", "-1"));
        a.missedTicks = Long.parseLong(f.getOrDefault("missed", "0"));
        a.malformedFields = Long.parseLong(f.getOrDefault("malformed", "0"));
        a.stopAt = Long.parseLong(f.getOrDefault("stop", "-1"));
        a.intervalMs = Math.max(1, Long.parseLong(f.getOrDefault("interval", "1")));
        return a;
    }
}
