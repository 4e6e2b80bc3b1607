package io.kubemon.common.wire;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A collector group's run from its members' parts: the one arithmetic by which the collector
 * merges its members' live statuses and the CLI the run.json files it fetched from them.
 */
public final class GroupMerge {
    private GroupMerge() {}

    /** One member's part of the run. */
    public record Part(
            long rows,
            long batches,
            long droppedRows,
            long missingRows,
            boolean complete,
            Map<String, MonitorTotals> monitors,
            List<AgentAccount> agents,
            Instant stoppedAt,
            Instant stopAt,
            Instant finishedAt) {}

    /**
     * The group's run: rows, batches, dropped and missing rows summed (each member's own totals,
     * which it counted from its agents' accounts by {@link #accountTotals}, its dropped total with
     * what agents without accounts said by heartbeat; a run.json of an older version keeps the
     * totals it was written with); complete when every part is; the earliest stop, the latest stop
     * instant, and the latest finish, null unless every part finished; the agents of all parts
     * sorted by node.
     */
    public record Merged(
            long rows,
            long batches,
            long droppedRows,
            long missingRows,
            boolean complete,
            Map<String, MonitorTotals> monitors,
            List<AgentAccount> agents,
            Instant stoppedAt,
            Instant stopAt,
            Instant finishedAt) {}

    /** What a run's agents' accounts add up to. */
    public record AccountTotals(long droppedRows, long missingRows, boolean complete) {}

    public static Merged merge(List<Part> parts) {
        long rows = 0, batches = 0, dropped = 0, missing = 0;
        boolean complete = true;
        boolean allFinished = true;
        Map<String, MonitorTotals> monitors = new TreeMap<>();
        List<AgentAccount> agents = new ArrayList<>();
        Instant stoppedAt = null, stopAt = null, finishedAt = null;
        for (Part p : parts) {
            rows += p.rows();
            batches += p.batches();
            dropped += p.droppedRows();
            missing += p.missingRows();
            complete &= p.complete();
            if (p.monitors() != null) {
                p.monitors().forEach((k, v) -> monitors.merge(k, v, MonitorTotals::plus));
            }
            if (p.agents() != null) {
                agents.addAll(p.agents());
            }
            stoppedAt = earliest(stoppedAt, p.stoppedAt());
            stopAt = latest(stopAt, p.stopAt());
            allFinished &= p.finishedAt() != null;
            finishedAt = latest(finishedAt, p.finishedAt());
        }
        agents.sort(Comparator.comparing(a -> a.nodeName() == null ? a.agentId() : a.nodeName()));
        return new Merged(
                rows,
                batches,
                dropped,
                missing,
                complete,
                monitors,
                agents,
                stoppedAt,
                stopAt,
                allFinished ? finishedAt : null);
    }

    /** Rows dropped and missing over the accounts, and whether every one is complete. */
    public static AccountTotals accountTotals(List<AgentAccount> accounts) {
        long dropped = 0;
        long missing = 0;
        boolean complete = true;
        for (AgentAccount x : accounts) {
            dropped += x.droppedRows() == null ? 0 : x.droppedRows().total();
            missing += x.missingRows() == null ? 0 : x.missingRows();
            complete &= x.complete();
        }
        return new AccountTotals(dropped, missing, complete);
    }

    static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    /** The later of two instants, either of which may be null (unknown). */
    public static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
