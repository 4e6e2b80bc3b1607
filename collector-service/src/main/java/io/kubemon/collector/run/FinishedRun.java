package io.kubemon.collector.run;

import io.kubemon.collector.agents.AgentRegistry;
import io.kubemon.collector.store.CsvRunWriter;
import io.kubemon.collector.store.RunStore;
import io.kubemon.collector.volume.StoreMonitor;
import io.kubemon.common.wire.AgentAccount;
import io.kubemon.common.wire.DesiredState;
import io.kubemon.common.wire.DrainState;
import io.kubemon.common.wire.RunStatus;
import io.kubemon.common.wire.StoreFault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The last finished run: its summary (what {@code /status} answers once no run is active), its
 * closed store (which still knows which batches are in its files, so a resend whose
 * acknowledgement was lost is acknowledged), the agents whose late accounts still count, and a
 * finish the data volume refused, completed once it takes writes again.
 */
@Component
class FinishedRun {
    private static final Logger log = LoggerFactory.getLogger(FinishedRun.class);

    private final RunRecordFiles records;
    private final AgentAccounts accounting;
    private final StoreMonitor store;

    private volatile Run run;
    private volatile RunStore writer;
    private volatile RunStatus summary;
    /** Agents that had not delivered everything when the run finished: their late accounts count. */
    private final Set<String> lateAgents = new HashSet<>();
    /**
     * Whether the run finished while its volume was failing: its files are recovered and closed,
     * and its run.json written, once the volume takes writes again. Until then the active-run
     * marker stays, so a restart resumes (and finishes) it.
     */
    private volatile boolean pending;

    FinishedRun(RunRecordFiles records, AgentAccounts accounting, StoreMonitor store) {
        this.records = records;
        this.accounting = accounting;
        this.store = store;
    }

    /** The last finished run's summary, or null (none yet, or a new run has started). */
    RunStatus summary() {
        return summary;
    }

    /** A new run started: the last one is no longer what {@code /status} answers. */
    synchronized void forget() {
        summary = null;
    }

    /**
     * The run finished with this summary. Its run.json is written here; when the volume refuses
     * it (or {@code closeFailure} says it refused the files' close), the finish is pending.
     *
     * @return whether the finish is complete on the volume
     */
    synchronized boolean finished(Run r, RunStore w, RunStatus s, IOException closeFailure) {
        lateAgents.clear();
        s.agents().stream().filter(x -> x.drain() != DrainState.DELIVERED).forEach(x -> lateAgents.add(x.agentId()));
        run = r;
        writer = w;
        summary = s;
        Throwable failure = closeFailure;
        if (failure == null) {
            try {
                records.writeRunFile(r, s);
            } catch (UncheckedIOException e) {
                failure = e.getCause();
            }
        }
        pending = failure != null;
        if (pending) {
            store.health().failed("finishing run " + r.runId(), failure, this, this::completePending);
            log.warn(
                    "run {} finished, but the data volume failed as its files were closed ({}); its run.json is "
                            + "written once the volume takes writes again",
                    s.runId(),
                    StoreFault.detail(failure));
        }
        return !pending;
    }

    /**
     * Whether run {@code runId} finished while its volume failed and is not complete on it yet: a
     * batch of it is answered 507 (kept by the agent), not refused, since the journal may hold it.
     */
    boolean isPending(String runId) {
        Run r = run;
        return pending && r != null && r.runId().equals(runId);
    }

    /** Whether batch {@code seq} of the agent is in the files of the last finished run {@code runId}. */
    boolean holds(String runId, String agentId, long seq) {
        RunStatus s = summary;
        RunStore w = writer;
        return s != null && w != null && s.runId().equals(runId) && w.holds(agentId, seq);
    }

    /** The stop instant of the last finished run {@code runId}, or null. */
    Long stopAt(String runId) {
        RunStatus s = summary;
        return s != null && s.runId().equals(runId) && s.stopAt() != null
                ? s.stopAt().toEpochMilli()
                : null;
    }

    /**
     * An agent's heartbeat after the run finished: when the run's drain timed out before that
     * agent delivered everything, its account now says what it did not deliver, and run.json says so.
     */
    synchronized void lateAccount(AgentRegistry.Entry agent) {
        RunStatus s = summary;
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
            if (now.equals(old)) {
                continue;
            }
            accounts.set(i, now);
            summary = accounting.withAccounts(s, accounts);
            if (!pending) {
                // Else run.json is written, with this account, once the volume takes writes.
                writeRunFile("recording a late account in run " + s.runId());
            }
            log.info(
                    "run {}: late account of {} recorded: {} row(s) missing",
                    s.runId(),
                    agent.nodeName(),
                    now.missingRows());
        }
    }

    private void writeRunFile(String what) {
        try {
            records.writeRunFile(run, summary);
        } catch (UncheckedIOException ex) {
            store.health().failed(what, ex, "runfile", () -> {
                synchronized (this) {
                    records.writeRunFile(run, summary);
                }
            });
        }
    }

    /**
     * A run that finished while its volume failed, completed once the volume takes writes: its
     * files recovered from the journal and closed whole, the accounts counted again from what the
     * journal holds (a group forced to the journal before its files failed is in them after all),
     * run.json written, the active-run marker removed.
     */
    private synchronized void completePending() throws IOException {
        Run r = run;
        RunStore w = writer;
        RunStatus s = summary;
        if (!pending || r == null || w == null || s == null) {
            return;
        }
        w.recoverClosed();
        Map<String, CsvRunWriter.Delivered> delivered = w.byAgent();
        List<AgentAccount> accounts = new ArrayList<>();
        for (AgentAccount x : s.agents()) {
            CsvRunWriter.Delivered d = delivered.getOrDefault(x.agentId(), CsvRunWriter.Delivered.NONE);
            accounts.add(Accounts.recount(x, d.rows(), d.batches()));
        }
        RunStatus updated = accounting.withAccounts(
                s.withFiles(AgentAccounts.agentRows(w), AgentAccounts.agentBatches(w), w.totals()), accounts);
        try {
            records.writeRunFile(r, updated);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        summary = updated;
        pending = false;
        records.deleteMarker();
        log.info(
                "run {}: the data volume takes writes again; its files are complete and run.json written: {} rows, {} row(s) missing",
                r.runId(),
                updated.rows(),
                updated.missingRows());
    }

    /**
     * What agents are told between runs: a finished run still tells its stop instant, so an agent
     * that was away learns which of its ticks belong to the run, and discards the rest rather than
     * counting them as refused.
     */
    public DesiredState desiredState() {
        RunStatus s = summary();
        return s == null || s.stopAt() == null
                ? DesiredState.idle()
                : new DesiredState(
                        false,
                        s.runId(),
                        s.outputDir(),
                        s.intervalMs(),
                        s.stopAt().toEpochMilli());
    }
}
