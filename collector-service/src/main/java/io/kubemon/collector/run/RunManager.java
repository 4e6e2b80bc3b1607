package io.kubemon.collector.run;

import io.kubemon.collector.agents.AgentRegistry;
import io.kubemon.collector.config.CollectorProperties;
import io.kubemon.collector.store.CsvRunWriter;
import io.kubemon.collector.store.RunStore;
import io.kubemon.collector.store.StoreUnavailableException;
import io.kubemon.collector.web.ApiException;
import io.kubemon.common.wire.ActiveRunMarker;
import io.kubemon.common.wire.AgentAccount;
import io.kubemon.common.wire.DesiredState;
import io.kubemon.common.wire.DrainState;
import io.kubemon.common.wire.RunRecords;
import io.kubemon.common.wire.RunReport;
import io.kubemon.common.wire.RunState;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Starts and stops runs. At most one run is active; its state is what every agent's heartbeat
 * answer is made of, so agents start and stop within one heartbeat of a change here.
 *
 * <p>A stop has two steps. {@code POST /stop} fixes the stop instant and ends sampling: agents
 * learn it from their next heartbeat or batch answer and sample nothing after it. The run is then
 * <em>stopping</em>: its files stay open for what agents sampled up to the stop and have not yet
 * delivered (a collector restart or a network outage leaves them with a backlog), until every
 * agent that took part reports that it has nothing outstanding, or the drain timeout passes. Only
 * then are the files closed and {@code run.json} written with each agent's account.
 */
@Service
public class RunManager {
    private static final Logger log = LoggerFactory.getLogger(RunManager.class);

    private final DataRoot dataRoot;
    private final CollectorProperties properties;
    private final Clock clock;
    private final AgentRegistry agents;
    /** This collector's URL in its group, or null alone. */
    private final String self;

    private volatile ActiveRun active;
    private volatile RunSummary last;
    private volatile Run lastRun;
    /** Agents of the stopping run already seen drained (each finishes the run's check once). */
    private final java.util.Set<String> drainedAgents = new java.util.HashSet<>();
    /** Agents of the last run that had not delivered everything when it finished: their late accounts count. */
    private final java.util.Set<String> lateAgents = new java.util.HashSet<>();
    /** The finished run's (closed) store: it still knows which batches are in the files. */
    private volatile RunStore lastWriter;

    private final StoreMonitor store;
    /** run.json and the active-run marker on the volume. */
    private final RunRecordFiles records;
    /**
     * A run that finished while its volume was failing: its files are recovered and closed, and its
     * run.json written, once the volume takes writes again. Until then the active-run marker stays,
     * so a restart resumes (and finishes) it.
     */
    private volatile Run pendingFinal;

    public RunManager(
            DataRoot dataRoot,
            CollectorProperties properties,
            Clock clock,
            AgentRegistry agents,
            io.kubemon.collector.group.Group group,
            StoreMonitor store,
            RunRecordFiles records) {
        this.store = store;
        this.records = records;
        this.self = group.self();
        this.agents = agents;
        this.dataRoot = dataRoot;
        this.properties = properties;
        this.clock = clock;
    }

    /** The active run and its files, or null. */
    public ActiveRun active() {
        return active;
    }

    /** Starts a run on this collector alone: its own id and start instant, or those a group's start gave it. */
    public synchronized RunStatus start(StartRequest request) {
        long intervalMs = checkStartable(request);
        store.requireRoomForStart(writeAhead());
        boolean existed = Files.isDirectory(dataRoot.path().resolve(request.outputDir()));
        // Checked again on the directory as created: the name may lead through a link elsewhere.
        Path dir = requireEmpty(dataRoot.createOutputDir(request.outputDir()), request.outputDir());
        List<String> collectors = request.collectors() == null ? List.of() : List.copyOf(request.collectors());
        Run run = new Run(
                request.runId() == null ? newRunId() : request.runId(),
                dataRoot.path().relativize(dir).toString(),
                dir,
                intervalMs,
                request.startedAt() == null ? clock.instant() : request.startedAt(),
                collectors,
                collectors.isEmpty() ? null : self);
        RunStore files = null;
        try {
            files = RunStore.open(dir, run.runId(), writeAhead(), segmentBytes(), store.health());
            active = new ActiveRun(run, files, null);
            writeRunFile(run, null);
            persistActive(active);
        } catch (StoreUnavailableException | UncheckedIOException e) {
            // The volume refused the run's first files: nothing of it stays, and the start is refused.
            active = null;
            if (files != null) {
                files.abandon();
            }
            deleteActive();
            removeTree(dir, existed);
            store.health().failed("starting run " + run.runId(), e, "start", null);
            throw new ApiException(
                    org.springframework.http.HttpStatus.INSUFFICIENT_STORAGE,
                    "store_unavailable",
                    io.kubemon.collector.store.StoreFault.of(e).description() + " ("
                            + io.kubemon.collector.store.StoreFault.detail(e)
                            + ") while starting the run; nothing was created");
        }
        last = null;
        log.info(
                "run {} started into {} every {} ms{}",
                run.runId(),
                dir,
                intervalMs,
                collectors.isEmpty() ? "" : " across the group " + collectors);
        return status();
    }

    /**
     * What a start checks before it touches anything: no run active here, a valid interval and
     * output directory name. A group's start runs it on every member before starting any.
     *
     * @return the run's interval in ms
     */
    public synchronized long checkStartable(StartRequest request) {
        if (active != null) {
            Run r = active.run();
            if (active.stopping() != null) {
                throw ApiException.conflict(
                        "run_stopping",
                        "run " + r.runId() + " is stopping: its agents are still "
                                + "delivering what they sampled; start again once it has finished (GET /status)");
            }
            throw ApiException.conflict(
                    "run_active",
                    "run " + r.runId() + " is already collecting into '" + r.outputDir()
                            + "'; stop it first with POST /stop");
        }
        if (request == null) {
            throw ApiException.badRequest("invalid_start", "body must be JSON like {\"outputDir\": \"exp1\"}");
        }
        long intervalMs =
                request.intervalMs() == null ? properties.defaultInterval().toMillis() : request.intervalMs();
        if (intervalMs < properties.minInterval().toMillis() || intervalMs > 3_600_000) {
            throw ApiException.badRequest(
                    "invalid_interval",
                    "intervalMs must be between " + properties.minInterval().toMillis() + " and 3600000, got "
                            + intervalMs);
        }
        DataRoot.validate(request.outputDir());
        Path existing = dataRoot.path().resolve(request.outputDir());
        if (Files.isDirectory(existing)) {
            requireEmpty(existing, request.outputDir());
        }
        return intervalMs;
    }

    /**
     * Undoes the start of run {@code runId}, which a group's start made here before another member
     * refused it: the files and the directory go, as if it had never started. Any other run is left alone.
     */
    public synchronized boolean abort(String runId) {
        ActiveRun a = active;
        if (a == null || !a.run().runId().equals(runId)) {
            return false;
        }
        a.writer().abandon();
        active = null;
        deleteActive();
        removeTree(a.run().path(), false);
        log.info("run {} aborted: another collector of the group could not start it", runId);
        return true;
    }

    /**
     * Ends sampling at the stop instant and starts the drain; finishes at once when no agent has
     * anything to deliver. Stopping a stopping run again changes nothing.
     */
    public synchronized RunStatus stop() {
        return stop(null);
    }

    /**
     * As {@link #stop()}, at {@code stopAtMs} or later: a group's stop gives every member the
     * instant the first one fixed, so the run ends at one instant (later only where this
     * collector already holds a row past it).
     */
    public synchronized RunStatus stop(Long stopAtMs) {
        ActiveRun a = active;
        if (a == null) {
            throw ApiException.conflict("no_active_run", "no run is active; start one with POST /start");
        }
        if (a.stopping() == null) {
            Instant now = clock.instant();
            // Never before a row already taken (an agent's clock may run ahead of ours).
            long stopAt = Math.max(
                    stopAtMs == null ? now.toEpochMilli() : stopAtMs, a.writer().maxTimestamp());
            a = new ActiveRun(a.run(), a.writer(), new Stopping(stopAt, now, now.plus(properties.drainTimeout())));
            active = a;
            try {
                persistActive(a);
            } catch (UncheckedIOException e) {
                // The stop holds in memory; recorded once the volume takes writes (until then a
                // restart would resume the run as collecting, and a stop would be asked again).
                store.health().failed("recording the stop of run " + a.run().runId(), e, "marker", () -> {
                    synchronized (this) {
                        if (active != null && active.stopping() != null) {
                            persistActive(active);
                        }
                    }
                });
            }
            log.info(
                    "run {} stopped at {}; waiting up to {} for its agents to deliver what they sampled",
                    a.run().runId(),
                    Instant.ofEpochMilli(stopAt),
                    properties.drainTimeout());
        }
        tryFinish();
        return status();
    }

    /** Waits until the run stopped by {@link #stop()} has finished (at most past its drain deadline). */
    public RunStatus awaitFinished(String runId) {
        while (true) {
            ActiveRun a = active;
            if (a == null || !a.run().runId().equals(runId)) {
                return status();
            }
            Instant deadline = a.stopping() == null ? clock.instant() : finishBy(a);
            if (clock.instant().isAfter(deadline.plusSeconds(5))) {
                return status();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return status();
            }
        }
    }

    /** Every 200 ms while a run is stopping: finish it once drained or past its deadline. */
    @Scheduled(fixedDelay = 200)
    void checkDrain() {
        if (active != null && active.stopping() != null) {
            synchronized (this) {
                tryFinish();
            }
        }
    }

    /**
     * An agent's heartbeat carried its accounts: a stopping run may now be drained, and a finished
     * run whose drain timed out learns what that agent did not deliver, and run.json says so.
     */
    public synchronized void reported(AgentRegistry.Entry agent) {
        ActiveRun a = active;
        if (a != null && a.stopping() != null) {
            // Only an agent that has just drained can finish the run; the 200-ms check covers the
            // rest. (Checking every agent's heartbeat would cost N accounts per heartbeat.)
            RunReport r = agent.runReport(a.run().runId()).orElse(null);
            if (r != null
                    && r.drained()
                    && r.stopAtMs() == a.stopping().stopAtMs()
                    && drainedAgents.add(agent.agentId())) {
                tryFinish();
            }
            return;
        }
        RunSummary s = last;
        if (s == null
                || !lateAgents.contains(agent.agentId())
                || agent.runReport(s.runId()).isEmpty()) {
            return;
        }
        List<AgentAccount> accounts = new ArrayList<>(s.agents());
        for (int i = 0; i < accounts.size(); i++) {
            AgentAccount old = accounts.get(i);
            if (!old.agentId().equals(agent.agentId()) || old.drain() == DrainState.DELIVERED) {
                continue;
            }
            AgentAccount now = Accounts.late(
                    old, agent.runReport(s.runId()).orElseThrow(), agent.nodeName(), agent.lastReportAt());
            if (!now.equals(old)) {
                accounts.set(i, now);
                RunSummary updated = withAccounts(s, accounts);
                last = updated;
                if (pendingFinal == null) {
                    // Else run.json is written, with this account, once the volume takes writes.
                    try {
                        writeRunFile(lastRun, updated);
                    } catch (UncheckedIOException ex) {
                        Run run = lastRun;
                        store.health().failed("recording a late account in run " + s.runId(), ex, "runfile", () -> {
                            synchronized (this) {
                                writeRunFile(run, last);
                            }
                        });
                    }
                }
                log.info(
                        "run {}: late account of {} recorded: {} row(s) missing",
                        s.runId(),
                        agent.nodeName(),
                        now.missingRows());
            }
        }
    }

    /**
     * When a stopping run finishes even if agents are still delivering: at the drain deadline,
     * which a store recovery during the drain moves to a full drain timeout after it (the agents'
     * backlog only moves from then on); while the store is failing, when it has failed for
     * {@code store-recovery-timeout} since the stop (or since it began failing, if later).
     */
    private Instant finishBy(ActiveRun a) {
        Stopping st = a.stopping();
        if (!a.writer().available()) {
            Instant since = store.health().status().since();
            Instant from = since != null && since.isAfter(st.requestedAt()) ? since : st.requestedAt();
            return from.plus(properties.storeRecoveryTimeout());
        }
        Instant deadline = st.deadline();
        Instant recovered = a.writer().recoveredAt();
        if (recovered != null && recovered.isAfter(st.requestedAt())) {
            Instant after = recovered.plus(properties.drainTimeout());
            if (after.isAfter(deadline)) {
                deadline = after;
            }
        }
        return deadline;
    }

    private void tryFinish() {
        ActiveRun a = active;
        if (a == null || a.stopping() == null) {
            return;
        }
        List<AgentAccount> accounts = accounts(a, Accounts.Ending.NONE);
        boolean drained = accounts.stream().noneMatch(x -> x.drain().waiting());
        boolean storeFailing = !a.writer().available();
        boolean late = !clock.instant().isBefore(finishBy(a));
        if (!drained && !late) {
            return;
        }
        // Closed first: a batch arriving from here on is refused (run_stopped) or, when it is a
        // resend of one in the files, acknowledged as a duplicate.
        IOException closeFailure = null;
        try {
            a.writer().close();
        } catch (IOException e) {
            closeFailure = e;
        }
        // Counted again once the files are closed: a batch committed meanwhile is in the totals.
        Accounts.Ending ending =
                drained ? Accounts.Ending.NONE : storeFailing ? Accounts.Ending.STORE_FAILED : Accounts.Ending.TIMEOUT;
        accounts = accounts(a, ending);
        accounts.stream()
                .filter(x -> x.drain().cutShort())
                .forEach(x -> log.warn(
                        "run {}: agent {} ({}) had not delivered everything by the {} timeout: {} row(s) outstanding at its last report",
                        a.run().runId(),
                        x.nodeName(),
                        x.agentId(),
                        x.drain() == DrainState.TIMEOUT ? "drain" : "store-recovery",
                        x.outstandingRows()));
        RunSummary summary = summarise(a, RunState.FINISHED, clock.instant(), accounts);
        lateAgents.clear();
        accounts.stream().filter(x -> x.drain() != DrainState.DELIVERED).forEach(x -> lateAgents.add(x.agentId()));
        drainedAgents.clear();
        lastRun = a.run();
        lastWriter = a.writer();
        last = summary;
        // run.json is complete, and the summary in place, before the active run goes: whoever sees
        // the run finished (GET /status, POST /stop?wait=true) finds its run.json final, and never
        // sees neither run (it answered "idle" in between).
        if (closeFailure == null) {
            try {
                writeRunFile(a.run(), summary);
            } catch (UncheckedIOException e) {
                closeFailure = e.getCause();
            }
        }
        if (closeFailure != null) {
            // The volume failed at the finish: the run is finished all the same (agents stop), and
            // its files and run.json are completed once the volume takes writes again. The
            // active-run marker stays until then, so a restart meanwhile resumes and finishes it.
            pendingFinal = a.run();
            active = null;
            store.health().failed("finishing run " + a.run().runId(), closeFailure, this, this::finishPending);
            log.warn(
                    "run {} finished, but the data volume failed as its files were closed ({}); its run.json is "
                            + "written once the volume takes writes again",
                    summary.runId(),
                    io.kubemon.collector.store.StoreFault.detail(closeFailure));
            return;
        }
        active = null;
        deleteActive();
        log.info(
                "run {} finished{}: {} rows in {}; {} row(s) missing",
                summary.runId(),
                drained
                        ? ""
                        : ending == Accounts.Ending.STORE_FAILED
                                ? " with its data volume failing"
                                : " at the drain timeout",
                summary.rows(),
                a.run().path(),
                summary.missingRows());
    }

    /**
     * A run that finished while its volume failed, completed once the volume takes writes: its
     * files recovered from the journal and closed whole, the accounts counted again from what the
     * journal holds (a group forced to the journal before its files failed is in them after all),
     * run.json written, the active-run marker removed.
     */
    private synchronized void finishPending() throws IOException {
        Run r = pendingFinal;
        RunStore w = lastWriter;
        RunSummary s = last;
        if (r == null || w == null || s == null) {
            return;
        }
        w.recoverClosed();
        Map<String, CsvRunWriter.Delivered> delivered = w.byAgent();
        List<AgentAccount> accounts = new ArrayList<>();
        for (AgentAccount x : s.agents()) {
            CsvRunWriter.Delivered d = delivered.getOrDefault(x.agentId(), CsvRunWriter.Delivered.NONE);
            accounts.add(Accounts.recount(x, d.rows(), d.batches()));
        }
        RunSummary updated = withAccounts(s.withFiles(w.rows(), w.batches(), w.totals()), accounts);
        try {
            writeRunFile(r, updated);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        last = updated;
        pendingFinal = null;
        deleteActive();
        log.info(
                "run {}: the data volume takes writes again; its files are complete and run.json written: {} rows, {} row(s) missing",
                r.runId(),
                updated.rows(),
                updated.missingRows());
    }

    /**
     * Whether run {@code runId} finished while its volume failed and is not complete on it yet: a
     * batch of it is answered 507 (kept by the agent), not refused, since the journal may hold it.
     */
    public boolean finishPending(String runId) {
        Run r = pendingFinal;
        return r != null && r.runId().equals(runId);
    }

    public RunStatus status() {
        ActiveRun a = active;
        StoreReport volume = store.report();
        if (a != null) {
            return RunStatus.of(summarise(
                            a,
                            a.stopping() == null ? RunState.COLLECTING : RunState.STOPPING,
                            null,
                            accounts(a, Accounts.Ending.NONE)))
                    .withStore(volume);
        }
        RunSummary s = last;
        return (s == null ? RunStatus.idle() : RunStatus.of(s)).withStore(volume);
    }

    /**
     * Whether batch {@code seq} of the agent is in the files of the last finished run {@code runId}:
     * its acknowledgement was lost (a timeout, a frozen collector) and the agent sends it again.
     */
    public boolean finishedRunHolds(String runId, String agentId, long seq) {
        RunSummary s = last;
        RunStore w = lastWriter;
        return s != null && w != null && s.runId().equals(runId) && w.holds(agentId, seq);
    }

    /** The stop instant of the last finished run {@code runId}, or null. */
    public Long finishedStopAt(String runId) {
        RunSummary s = last;
        return s != null && s.runId().equals(runId) && s.stopAt() != null
                ? s.stopAt().toEpochMilli()
                : null;
    }

    public DesiredState desiredState() {
        ActiveRun a = active;
        if (a == null) {
            RunSummary s = last;
            // A finished run still tells its stop instant: an agent that was away learns which of
            // its ticks belong to the run, and discards the rest rather than counting them as refused.
            return s == null || s.stopAt() == null
                    ? DesiredState.idle()
                    : new DesiredState(
                            false,
                            s.runId(),
                            s.outputDir(),
                            s.intervalMs(),
                            s.stopAt().toEpochMilli());
        }
        Run r = a.run();
        if (a.stopping() != null) {
            return new DesiredState(
                    false,
                    r.runId(),
                    r.outputDir(),
                    r.intervalMs(),
                    a.stopping().stopAtMs());
        }
        return new DesiredState(true, r.runId(), r.outputDir(), r.intervalMs());
    }

    /**
     * After a crash or restart with the same data dir, the run that was active goes on: its files
     * are recovered from their journal and agents' resent batches are taken without duplicates.
     */
    @PostConstruct
    synchronized void resume() {
        Path file = records.markerFile();
        if (!Files.exists(file)) {
            return;
        }
        try {
            ActiveRunMarker m = RunRecords.readMarker(file);
            Path dir = dataRoot.path().resolve(m.outputDir()).toRealPath();
            if (!dir.startsWith(dataRoot.path())) {
                throw new IOException("recorded output directory leads outside the data root");
            }
            Run run = new Run(
                    m.runId(),
                    m.outputDir(),
                    dir,
                    m.intervalMs(),
                    m.startedAt(),
                    m.collectors(),
                    m.collectors().isEmpty() ? null : m.self());
            Stopping stopping = null;
            if (m.stopAtMs() != null) {
                Instant requested = m.stopRequestedAt();
                stopping = new Stopping(m.stopAtMs(), requested, requested.plus(properties.drainTimeout()));
            }
            active = new ActiveRun(
                    run, RunStore.resume(dir, run.runId(), writeAhead(), segmentBytes(), store.health()), stopping);
            log.info(
                    "resumed run {} into {} after a restart{}",
                    run.runId(),
                    dir,
                    stopping == null ? "" : " (stopping: agents are delivering what they sampled up to the stop)");
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot resume the active run recorded in " + file + "; move that file away to start without it",
                    e);
        }
    }

    /** The "every N ms" fsync policy. */
    @Scheduled(fixedDelayString = "${kubemon.collector.fsync-interval:1s}")
    void periodicSync() {
        ActiveRun a = active;
        if (a != null && properties.fsync() == CollectorProperties.Fsync.INTERVAL) {
            try {
                a.writer().sync();
            } catch (StoreUnavailableException e) {
                // Logged once by the store's health; the run's files are recovered from the journal.
            }
        }
    }

    private void writeRunFile(Run run, RunSummary summary) {
        records.writeRunFile(run, summary);
    }

    private void persistActive(ActiveRun a) {
        records.writeMarker(a.run(), a.stopping());
    }

    private void deleteActive() {
        records.deleteMarker();
    }

    @PreDestroy
    synchronized void closeOnShutdown() {
        ActiveRun a = active;
        if (a != null) {
            try {
                a.writer().close();
            } catch (IOException e) {
                log.warn(
                        "closing the files of run {} at shutdown failed ({}); the next start recovers them from the journal",
                        a.run().runId(),
                        io.kubemon.collector.store.StoreFault.detail(e));
            }
        }
    }

    private RunSummary summarise(ActiveRun a, RunState state, Instant finishedAt, List<AgentAccount> accounts) {
        Run r = a.run();
        Stopping st = a.stopping();
        return withAccounts(
                new RunSummary(
                        r.runId(),
                        r.outputDir(),
                        r.path().toString(),
                        r.intervalMs(),
                        state,
                        r.startedAt(),
                        st == null ? null : st.requestedAt(),
                        st == null ? null : Instant.ofEpochMilli(st.stopAtMs()),
                        finishedAt,
                        st == null || finishedAt != null ? null : finishBy(a),
                        a.writer().rows(),
                        a.writer().batches(),
                        0,
                        0,
                        false,
                        a.writer().totals(),
                        List.of()),
                accounts);
    }

    /** The summary with these accounts and the totals they make. */
    private RunSummary withAccounts(RunSummary s, List<AgentAccount> accounts) {
        Accounts.Totals t = Accounts.totals(accounts);
        long dropped = t.droppedRows();
        if (accounts.stream().allMatch(x -> x.drain() == DrainState.NO_ACCOUNT)) {
            // Agents without accounts (older ones, scripts) still report dropped rows by heartbeat.
            dropped = Math.max(dropped, agents.droppedRows(s.runId()));
        }
        return s.withAccounts(dropped, t.missingRows(), t.complete() && s.state() == RunState.FINISHED, accounts);
    }

    /**
     * Every agent that took part: those with rows in the files and those whose account names the run.
     * With {@code final_}, an agent still delivering has timed out.
     */
    private List<AgentAccount> accounts(ActiveRun a, Accounts.Ending ending) {
        String runId = a.run().runId();
        Map<String, CsvRunWriter.Delivered> delivered = a.writer().byAgent();
        Map<String, AgentRegistry.Entry> entries = new TreeMap<>();
        for (String id : delivered.keySet()) {
            entries.put(id, agents.find(id).orElse(null));
        }
        for (AgentRegistry.Entry e : agents.entries()) {
            if (e.runReport(runId).isPresent()) {
                entries.put(e.agentId(), e);
            }
        }
        Long stopAt = a.stopping() == null ? null : a.stopping().stopAtMs();
        List<AgentAccount> out = new ArrayList<>(entries.size());
        entries.forEach((id, e) -> out.add(
                account(runId, id, e, stopAt, delivered.getOrDefault(id, CsvRunWriter.Delivered.NONE), ending)));
        return out;
    }

    private AgentAccount account(
            String runId,
            String agentId,
            AgentRegistry.Entry e,
            Long stopAt,
            CsvRunWriter.Delivered delivered,
            Accounts.Ending ending) {
        return Accounts.account(
                agentId,
                e == null ? null : e.nodeName(),
                e == null ? null : e.runReport(runId).orElse(null),
                e == null || e.sendsAccounts(),
                e == null ? null : e.lastReportAt(),
                stopAt,
                delivered.rows(),
                delivered.batches(),
                ending);
    }

    /** {@code dir}, if it holds no file: runs are never mixed in one directory. */
    private static Path requireEmpty(Path dir, String outputDir) {
        if (!isEmpty(dir)) {
            throw ApiException.conflict(
                    "output_dir_not_empty",
                    "output directory '" + outputDir
                            + "' already holds files; choose a new one so that runs are never mixed");
        }
        return dir;
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a run directory and what it holds (the directory itself too unless {@code keepDir}). */
    private static void removeTree(Path dir, boolean keepDir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!(keepDir && p.equals(dir))) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            log.warn("removing {} failed: {}", dir, e.toString());
        }
    }

    private boolean writeAhead() {
        return properties.fsync() == CollectorProperties.Fsync.BATCH;
    }

    private long segmentBytes() {
        return properties.journalSegmentBytes().toBytes();
    }

    private String newRunId() {
        return "run-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The active run with the files it writes to. */
    public record ActiveRun(Run run, RunStore writer, Stopping stopping) {}

    /** A stop asked for at {@code requestedAt}: no tick after {@code stopAtMs}; finished by {@code deadline} at the latest. */
    public record Stopping(long stopAtMs, Instant requestedAt, Instant deadline) {}
}
