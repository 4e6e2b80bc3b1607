package io.kubemon.cli;

import io.kubemon.common.wire.AgentAccount;
import io.kubemon.common.wire.DrainState;
import io.kubemon.common.wire.GroupMember;
import io.kubemon.common.wire.RunState;
import io.kubemon.common.wire.RunStatus;
import io.kubemon.common.wire.StoreReport;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code status} and {@code stop} say about a run, from the collector's answer: pure (lines
 * from the typed status), so every sentence and the exit code are tested on strings. The commands
 * print them.
 */
final class StatusText {
    private StatusText() {}

    /** The run in one line: its state, where it goes, its rows; "no run yet" before any. */
    static String runLine(RunStatus n) {
        if (n.runId() == null) {
            return "no run yet";
        }
        return String.format(
                "%s: run %s into %s every %d ms: %d rows, %d batches",
                state(n.state()), n.runId(), n.outputDir(), n.intervalMs(), n.rows(), n.batches());
    }

    /**
     * In a collector group, one line per member: its state, rows and agents, or why it did not
     * answer (its nodes' rows are then not in the figures above). Nothing for a single collector.
     */
    static List<String> collectorLines(RunStatus n) {
        List<String> out = new ArrayList<>();
        if (n.collectors() == null) {
            return out;
        }
        for (GroupMember m : n.collectors()) {
            if (m.reachable()) {
                out.add(String.format(
                        "  collector %s: %s, %d rows, %d agent(s)%s",
                        m.url(),
                        state(m.state()),
                        m.rows(),
                        m.agents(),
                        m.error() != null ? " (" + m.error() + ")" : ""));
            } else {
                out.add(String.format(
                        "  collector %s: UNREACHABLE (%s): its nodes are not counted above",
                        m.url(), m.error() == null ? "no answer" : m.error()));
            }
        }
        return out;
    }

    /**
     * One line per agent whose rows are not all in the files, saying why; nothing when nothing is
     * missing. Before them, an {@code empty cells:} line per agent whose run had malformed fields
     * (not missing rows: those cells are empty, and said so that none is unexplained).
     */
    static List<String> missingLines(RunStatus n) {
        List<String> out = new ArrayList<>();
        for (AgentAccount a : n.agents()) {
            long malformed = a.malformedFields() == null ? 0 : a.malformedFields();
            if (malformed > 0) {
                out.add(String.format(
                        "empty cells: %s: %d field(s) were malformed in their files and left empty (see the agent's log)",
                        node(a), malformed));
            }
        }
        for (AgentAccount a : n.agents()) {
            DrainState drain = a.drain();
            boolean unknown = a.missingRows() == null;
            long missing = unknown ? 0 : a.missingRows();
            if (drain == DrainState.COLLECTING || (drain == DrainState.DELIVERING && n.state() != RunState.FINISHED)) {
                if (droppedTotal(a) == 0) {
                    continue;
                }
            } else if (!unknown && missing == 0 && drain != DrainState.TIMEOUT) {
                continue;
            }
            StringBuilder why = new StringBuilder();
            AgentAccount.Dropped d = a.droppedRows();
            if (d != null) {
                append(why, d.spoolFull(), "spool full");
                append(why, d.refused(), "refused by the collector");
                append(why, d.agentRestart(), "lost in an agent restart");
                append(why, d.drainTimeout(), "not delivered by the drain timeout");
                append(why, d.storeFailed(), "not written: the collector's data volume was failing");
                append(
                        why,
                        d.acknowledgedLost(),
                        "acknowledged by the collector but not in its files: a store defect, please report it");
            }
            if (unknown) {
                out.add(String.format(
                        "missing: %s: %s; rows it sampled unknown (%s)",
                        node(a),
                        drain == DrainState.NO_ACCOUNT ? "keeps no run account" : "sent no account of this run",
                        a.deliveredRows() + " delivered"));
            } else {
                out.add(String.format(
                        "missing: %s: %d of %d sampled row(s) not in the files%s%s",
                        node(a),
                        missing,
                        a.sampledRows(),
                        why.length() > 0 ? " (" + why + ")" : "",
                        drain == DrainState.TIMEOUT
                                ? "; it did not finish delivering before the drain timeout"
                                : drain == DrainState.STORE_FAILED
                                        ? "; the data volume was still failing at the store-recovery timeout"
                                        : ""));
            }
        }
        return out;
    }

    /**
     * The collector's data volume in one line: failing (since when, why, batches refused), low on
     * space, or (unless {@code onlyTrouble}) ok with its free space; nothing from an older collector.
     */
    static List<String> storeLines(RunStatus n, boolean onlyTrouble) {
        StoreReport v = n.store();
        if (v == null) {
            return List.of();
        }
        String space = v.freeBytes() != null
                ? mib(v.freeBytes()) + " free of " + mib(v.totalBytes() == null ? 0 : v.totalBytes())
                : "free space unknown";
        if (v.failing()) {
            return List.of(String.format(
                    "store: failing since %s: %s (%s); %d batch(es) refused and kept by the agents until it takes writes again; %s",
                    v.since() == null ? "" : v.since(),
                    v.description() == null ? "" : v.description(),
                    v.detail() == null ? "" : v.detail(),
                    v.refusedBatches(),
                    space));
        }
        if (v.lowSpace()) {
            return List.of("store: low on space: " + space);
        }
        return onlyTrouble ? List.of() : List.of("store: ok, " + space);
    }

    /** While stopping: how many agents still deliver, how many rows are outstanding, and the deadline. */
    static String drainLine(RunStatus n) {
        long waiting = 0;
        long outstanding = 0;
        for (AgentAccount a : n.agents()) {
            if (a.drain() == DrainState.DELIVERING) {
                waiting++;
                outstanding += a.outstandingRows() == null ? 0 : a.outstandingRows();
            }
        }
        return "draining: " + waiting + " agent(s) still delivering, " + outstanding
                + " row(s) outstanding; the run finishes by "
                + n.drainDeadline();
    }

    static boolean isFailing(RunStatus n) {
        return n.store() != null && n.store().failing();
    }

    /**
     * 0 when nothing is missing; {@link ExitCodes#STORE_FAILING} while the collector's data volume
     * fails (the run's rows wait at the agents); {@link ExitCodes#ROWS_MISSING} when rows are
     * missing or cannot be accounted for. No run at all is 0 (unless the volume fails).
     */
    static int exitCode(RunStatus n) {
        if (isFailing(n)) {
            return ExitCodes.STORE_FAILING;
        }
        if (n.runId() == null) {
            return ExitCodes.OK;
        }
        if (n.state() == RunState.FINISHED) {
            return n.complete() ? ExitCodes.OK : ExitCodes.ROWS_MISSING;
        }
        for (AgentAccount a : n.agents()) {
            if (droppedTotal(a) > 0) {
                return ExitCodes.ROWS_MISSING;
            }
        }
        return ExitCodes.OK;
    }

    /** A state as the collector writes it: {@code finished}, {@code stopping}, … */
    static String state(RunState s) {
        return s == null ? "unknown" : s.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String node(AgentAccount a) {
        return a.nodeName() == null ? a.agentId() : a.nodeName();
    }

    private static long droppedTotal(AgentAccount a) {
        // storeFailed is absent (0) in run.json files before the store could fail.
        return a.droppedRows() == null ? 0 : a.droppedRows().total();
    }

    private static void append(StringBuilder b, long v, String words) {
        if (v > 0) {
            b.append(b.length() > 0 ? ", " : "").append(v).append(' ').append(words);
        }
    }

    private static String mib(long bytes) {
        return bytes >= 10L << 30 ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
    }
}
