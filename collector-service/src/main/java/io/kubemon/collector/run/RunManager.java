package io.kubemon.collector.run;

import io.kubemon.collector.CollectorProperties;
import io.kubemon.collector.agents.AgentRegistry;
import io.kubemon.collector.ingest.CsvRunWriter;
import io.kubemon.collector.web.ApiException;
import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.DesiredState;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts and stops runs. At most one run is active; its state is what every agent's heartbeat
 * answer is made of, so agents start and stop within one heartbeat of a change here.
 */
@Service
public class RunManager {
    private static final Logger log = LoggerFactory.getLogger(RunManager.class);

    private final DataRoot dataRoot;
    private final CollectorProperties properties;
    private final Clock clock;
    private final JsonMapper json;
    private final AgentRegistry agents;

    private volatile ActiveRun active;
    private volatile RunSummary last;

    public RunManager(DataRoot dataRoot, CollectorProperties properties, Clock clock, JsonMapper json,
                      AgentRegistry agents) {
        this.agents = agents;
        this.dataRoot = dataRoot;
        this.properties = properties;
        this.clock = clock;
        this.json = json;
    }

    /** The active run and its files, or null. */
    public ActiveRun active() {
        return active;
    }

    public synchronized RunStatus start(StartRequest request) {
        if (active != null) {
            Run r = active.run();
            throw ApiException.conflict("run_active", "run " + r.runId() + " is already collecting into '"
                    + r.outputDir() + "'; stop it first with POST /stop");
        }
        if (request == null) {
            throw ApiException.badRequest("invalid_start", "body must be JSON like {\"outputDir\": \"exp1\"}");
        }
        long intervalMs = request.intervalMs() == null ? properties.defaultInterval().toMillis() : request.intervalMs();
        if (intervalMs < properties.minInterval().toMillis() || intervalMs > 3_600_000) {
            throw ApiException.badRequest("invalid_interval", "intervalMs must be between "
                    + properties.minInterval().toMillis() + " and 3600000, got " + intervalMs);
        }
        DataRoot.validate(request.outputDir());
        Path dir = dataRoot.createOutputDir(request.outputDir());
        if (!isEmpty(dir)) {
            throw ApiException.conflict("output_dir_not_empty", "output directory '" + request.outputDir()
                    + "' already holds files; choose a new one so that runs are never mixed");
        }
        Run run = new Run(newRunId(), dataRoot.path().relativize(dir).toString(), dir, intervalMs, clock.instant());
        active = new ActiveRun(run, openWriter(dir));
        writeRunFile(run, null);
        persistActive(run);
        log.info("run {} started into {} every {} ms", run.runId(), dir, intervalMs);
        return status();
    }

    public synchronized RunSummary stop() {
        ActiveRun a = active;
        if (a == null) {
            throw ApiException.conflict("no_active_run", "no run is active; start one with POST /start");
        }
        active = null;
        deleteActive();
        try {
            a.writer().close();
        } catch (IOException e) {
            log.error("closing the files of run {} failed", a.run().runId(), e);
        }
        RunSummary summary = summarise(a, clock.instant());
        last = summary;
        writeRunFile(a.run(), summary);
        log.info("run {} stopped: {} rows in {}", summary.runId(), summary.rows(), a.run().path());
        return summary;
    }

    public RunStatus status() {
        ActiveRun a = active;
        if (a != null) {
            RunSummary s = summarise(a, null);
            return new RunStatus(true, s.runId(), s.outputDir(), s.path(), s.intervalMs(), s.startedAt(), null,
                    s.rows(), s.batches(), s.droppedRows(), s.monitors());
        }
        RunSummary s = last;
        if (s == null) {
            return new RunStatus(false, null, null, null, null, null, null, 0, 0, 0, Map.of());
        }
        return new RunStatus(false, s.runId(), s.outputDir(), s.path(), s.intervalMs(), s.startedAt(), s.stoppedAt(),
                s.rows(), s.batches(), s.droppedRows(), s.monitors());
    }

    public DesiredState desiredState() {
        ActiveRun a = active;
        if (a == null) {
            return DesiredState.idle();
        }
        Run r = a.run();
        return new DesiredState(true, r.runId(), r.outputDir(), r.intervalMs());
    }

    /**
     * After a crash or restart with the same data dir, the run that was active goes on: its files
     * are recovered from their journal and agents' resent batches are taken without duplicates.
     */
    @PostConstruct
    synchronized void resume() {
        Path file = activeFile();
        if (!Files.exists(file)) {
            return;
        }
        try {
            Map<?, ?> m = json.readValue(Files.readString(file), Map.class);
            Path dir = dataRoot.path().resolve((String) m.get("outputDir")).toRealPath();
            if (!dir.startsWith(dataRoot.path())) {
                throw new IOException("recorded output directory leads outside the data root");
            }
            Run run = new Run((String) m.get("runId"), (String) m.get("outputDir"), dir,
                    ((Number) m.get("intervalMs")).longValue(), Instant.parse((String) m.get("startedAt")));
            active = new ActiveRun(run, openWriter(dir));
            log.info("resumed run {} into {} after a restart", run.runId(), dir);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot resume the active run recorded in " + file
                    + "; move that file away to start without it", e);
        }
    }

    /** The "every N ms" fsync policy. */
    @Scheduled(fixedDelayString = "${kubemon.collector.fsync-interval:1s}")
    void periodicSync() {
        ActiveRun a = active;
        if (a != null && properties.fsync() == CollectorProperties.Fsync.INTERVAL) {
            try {
                a.writer().sync();
            } catch (IOException e) {
                log.error("fsync of run {} failed", a.run().runId(), e);
            }
        }
    }

    private CsvRunWriter openWriter(Path dir) {
        try {
            return new CsvRunWriter(dir, properties.fsync() == CollectorProperties.Fsync.BATCH);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the files of " + dir, e);
        }
    }

    private Path activeFile() {
        return dataRoot.path().resolve(".kubemon-active-run.json");
    }

    private void persistActive(Run run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runId", run.runId());
        m.put("outputDir", run.outputDir());
        m.put("intervalMs", run.intervalMs());
        m.put("startedAt", run.startedAt().toString());
        atomicWrite(activeFile(), json.writeValueAsString(m));
    }

    private void deleteActive() {
        try {
            Files.deleteIfExists(activeFile());
        } catch (IOException e) {
            log.error("cannot delete {}: the stopped run would resume after a restart", activeFile(), e);
        }
    }

    private static void atomicWrite(Path target, String content) {
        try {
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    @PreDestroy
    synchronized void closeOnShutdown() {
        ActiveRun a = active;
        if (a != null) {
            try {
                a.writer().close();
            } catch (IOException e) {
                log.error("closing the files of run {} at shutdown failed", a.run().runId(), e);
            }
        }
    }

    private RunSummary summarise(ActiveRun a, Instant stoppedAt) {
        Run r = a.run();
        return new RunSummary(r.runId(), r.outputDir(), r.path().toString(), r.intervalMs(), r.startedAt(), stoppedAt,
                a.writer().rows(), a.writer().batches(), agents.droppedRows(r.runId()), a.writer().totals());
    }

    private void writeRunFile(Run run, RunSummary summary) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("runId", run.runId());
        meta.put("outputDir", run.outputDir());
        meta.put("intervalMs", run.intervalMs());
        meta.put("startedAt", run.startedAt().toString());
        Map<String, Integer> versions = new LinkedHashMap<>();
        for (Table t : Schemas.ALL) {
            versions.put(t.name(), t.version());
        }
        meta.put("schemaVersions", versions);
        if (summary != null) {
            meta.put("stoppedAt", summary.stoppedAt().toString());
            meta.put("rows", summary.rows());
            meta.put("batches", summary.batches());
            meta.put("droppedRows", summary.droppedRows());
            meta.put("monitors", summary.monitors());
        }
        atomicWrite(run.path().resolve("run.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(meta));
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String newRunId() {
        return "run-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The active run with the files it writes to. */
    public record ActiveRun(Run run, CsvRunWriter writer) {
    }
}
