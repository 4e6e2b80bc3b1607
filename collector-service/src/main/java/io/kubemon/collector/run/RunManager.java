package io.kubemon.collector.run;

import io.kubemon.collector.agents.AgentRegistry;
import io.kubemon.collector.config.CollectorProperties;
import io.kubemon.collector.group.Group;
import io.kubemon.collector.store.RunStore;
import io.kubemon.collector.store.StoreUnavailableException;
import io.kubemon.collector.volume.DataRoot;
import io.kubemon.collector.volume.StoreMonitor;
import io.kubemon.collector.web.ApiException;
import io.kubemon.common.wire.DesiredState;
import io.kubemon.common.wire.Event;
import io.kubemon.common.wire.EventKind;
import io.kubemon.common.wire.RunAccount;
import io.kubemon.common.wire.RunState;
import io.kubemon.common.wire.RunStatus;
import io.kubemon.common.wire.StoreFault;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Starts and stops runs: the run's state machine (idle, collecting, stopping, finished). At most
 * one run is active; its state is what every agent's heartbeat answer is made of, so agents start
 * and stop within one heartbeat of a change here.
 *
 * <p>A stop has two steps. {@code POST /stop} fixes the stop instant and ends sampling: agents
 * learn it from their next heartbeat or batch answer and sample nothing after it. The run is then
 * <em>stopping</em>: its files stay open for what agents sampled up to the stop and have not yet
 * delivered (a collector restart or a network outage leaves them with a backlog), until every
 * agent that took part reports that it has nothing outstanding, or the deadline passes
 * ({@link DrainDeadline}). Only then are the files closed and {@code run.json} written with each
 * agent's account ({@link AgentAccounts}); the finished run is then {@link FinishedRun}'s.
 */
@Service
public class RunManager {
    private static final Logger log = LoggerFactory.getLogger(RunManager.class);
    /** The source cell of the collector's own events. */
    static final String SOURCE = "collector";

    private final DataRoot dataRoot;
    private final CollectorProperties properties;
    private final Clock clock;
    /** This collector's URL in its group, or null alone. */
    private final String self;

    private final StoreMonitor store;
    /** run.json and the active-run marker on the volume. */
    private final RunRecordFiles records;

    private final AgentAccounts accounting;
    private final FinishedRun finished;
    private final RunEvents events;
    private final RunFinisher finisher;

    private volatile ActiveRun active;
    /** Agents of the stopping run already seen drained (each finishes the run's check once). */
    private final Set<String> drainedAgents = new HashSet<>();

    public RunManager(
            DataRoot dataRoot,
            CollectorProperties properties,
            Clock clock,
            Group group,
            StoreMonitor store,
            RunRecordFiles records,
            AgentAccounts accounting,
            FinishedRun finished,
            RunEvents events) {
        this.dataRoot = dataRoot;
        this.properties = properties;
        this.clock = clock;
        this.self = group.self();
        this.store = store;
        this.records = records;
        this.accounting = accounting;
        this.finished = finished;
        this.events = events;
        this.finisher = new RunFinisher(clock, records, accounting, finished, events);
    }

    /** The active run and its files, or null. */
    public ActiveRun active() {
        return active;
    }

    /** Starts a run on this collector alone: its own id and start instant, or those a group's start gave it. */
    public synchronized RunStatus start(StartRequest request) {
        long intervalMs = checkStartable(request);
        store.requireRoomForStart(properties.writeAhead());
        boolean existed = Files.isDirectory(dataRoot.path().resolve(request.outputDir()));
        // Checked again on the directory as created: the name may lead through a link elsewhere.
        Path dir = DataRoot.requireEmpty(dataRoot.createOutputDir(request.outputDir()), request.outputDir());
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
            files = RunStore.open(dir, run.runId(), properties.writeAhead(), properties.segmentBytes(), store.health());
            active = new ActiveRun(run, files, null);
            records.writeRunFile(run, null);
            records.writeMarker(run, null);
        } catch (StoreUnavailableException | UncheckedIOException e) {
            // The volume refused the run's first files: nothing of it stays, and the start is refused.
            active = null;
            if (files != null) {
                files.abandon();
            }
            records.deleteMarker();
            DataRoot.removeRun(dir, existed);
            store.health().failed("starting run " + run.runId(), e, "start", null);
            throw new ApiException(
                    HttpStatus.INSUFFICIENT_STORAGE,
                    "store_unavailable",
                    StoreFault.of(e).description() + " (" + StoreFault.detail(e)
                            + ") while starting the run; nothing was created");
        }
        finished.forget();
        events.write(
                files,
                Event.of(
                        run.startedAt().toEpochMilli(),
                        EventKind.RUN_STARTED,
                        "into " + run.outputDir() + " every " + intervalMs + " ms",
                        SOURCE));
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
        return StartChecks.intervalAndDirectory(request, properties, dataRoot);
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
        records.deleteMarker();
        DataRoot.removeRun(a.run().path(), false);
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
            a = a.stopped(new Stopping(stopAt, now, now.plus(properties.drainTimeout())));
            active = a;
            try {
                records.writeMarker(a.run(), a.stopping());
            } catch (UncheckedIOException e) {
                // The stop holds in memory; recorded once the volume takes writes (until then a
                // restart would resume the run as collecting, and a stop would be asked again).
                store.health().failed("recording the stop of run " + a.run().runId(), e, "marker", () -> {
                    synchronized (this) {
                        if (active != null && active.stopping() != null) {
                            records.writeMarker(active.run(), active.stopping());
                        }
                    }
                });
            }
            events.write(
                    a.writer(),
                    Event.of(
                            stopAt,
                            EventKind.RUN_STOPPING,
                            "sampling ended; agents deliver what they sampled",
                            SOURCE));
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
     * run whose drain timed out learns what that agent did not deliver.
     */
    public synchronized void reported(AgentRegistry.Entry agent) {
        ActiveRun a = active;
        if (a == null || a.stopping() == null) {
            finished.lateAccount(agent);
            return;
        }
        // Only an agent that has just drained can finish the run; the 200-ms check covers the
        // rest. (Checking every agent's heartbeat would cost N accounts per heartbeat.)
        RunAccount r = agent.runReport(a.run().runId()).orElse(null);
        if (r != null && r.drained() && r.stopAtMs() == a.stopping().stopAtMs() && drainedAgents.add(agent.agentId())) {
            tryFinish();
        }
    }

    private Instant finishBy(ActiveRun a) {
        return DrainDeadline.finishBy(
                a.stopping(),
                a.writer().available(),
                store.health().status().since(),
                a.writer().recoveredAt(),
                properties.drainTimeout(),
                properties.storeRecoveryTimeout());
    }

    private void tryFinish() {
        ActiveRun a = active;
        if (a == null || a.stopping() == null) {
            return;
        }
        boolean drained = accounting.accounts(a, Accounts.Ending.NONE).stream()
                .noneMatch(x -> x.drain().waiting());
        boolean storeFailing = !a.writer().available();
        if (!drained && clock.instant().isBefore(finishBy(a))) {
            return;
        }
        finisher.finish(a, drained, storeFailing, () -> {
            drainedAgents.clear();
            active = null;
        });
    }

    /**
     * A researcher's mark in the active run: at {@code at} (epoch ms) if given, which must lie
     * in the run (from its start to now, or to its stop instant once stopping), else now.
     *
     * @return the mark as written
     * @throws ApiException 409 outside a run, 400 for a bad label or instant, 507 while the volume fails
     */
    public synchronized Event mark(String label, Long at) {
        ActiveRun a = active;
        if (a == null) {
            throw ApiException.conflict("no_active_run", "no run is active: a mark belongs to a run; start one first");
        }
        Event mark = RunMarks.check(a, label, at, clock.millis());
        if (!events.write(a.writer(), mark)) {
            throw new ApiException(
                    HttpStatus.INSUFFICIENT_STORAGE,
                    "store_unavailable",
                    "the data volume refused the mark; set it again once the volume takes writes (GET /status)");
        }
        log.info("run {}: mark '{}' at {}", a.run().runId(), mark.detail(), Instant.ofEpochMilli(mark.timestampMs()));
        return mark;
    }

    /**
     * An event of the collector's (an agent registered or lost, the volume failing): into the
     * active run, if any.
     *
     * @return whether it was written (false without a run, or while the run's files do not take writes)
     */
    public boolean record(Event e) {
        ActiveRun a = active;
        return a != null && a.writer().available() && events.write(a.writer(), e);
    }

    public RunStatus status() {
        ActiveRun a = active;
        if (a != null) {
            RunState state = a.stopping() == null ? RunState.COLLECTING : RunState.STOPPING;
            Instant finishBy = a.stopping() == null ? null : finishBy(a);
            return accounting
                    .summarise(a, state, null, finishBy, accounting.accounts(a, Accounts.Ending.NONE))
                    .withStore(store.report());
        }
        RunStatus s = finished.summary();
        return (s == null ? RunStatus.idle() : s).withStore(store.report());
    }

    public DesiredState desiredState() {
        ActiveRun a = active;
        if (a != null) {
            return a.desiredState();
        }
        return finished.desiredState();
    }

    /**
     * After a crash or restart with the same data dir, the run that was active goes on: its files
     * are recovered from their journal and agents' resent batches are taken without duplicates.
     */
    @PostConstruct
    synchronized void resume() {
        active = ResumedRun.open(records, dataRoot, properties, store, events, clock.millis());
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
                        StoreFault.detail(e));
            }
        }
    }

    private String newRunId() {
        return "run-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
