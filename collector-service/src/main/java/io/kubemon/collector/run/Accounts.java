package io.kubemon.collector.run;

import io.kubemon.common.wire.AgentAccount;
import io.kubemon.common.wire.DrainState;
import io.kubemon.common.wire.RunAccount;
import java.time.Instant;

/**
 * The arithmetic of a run's accounts, pure: an agent's part from its own report and the rows the
 * collector holds of it, the part heard after the run finished, the part counted again from the
 * journal, and the totals of many parts (a run's agents, or a collector group's members). Every row
 * an agent sampled is delivered, dropped for a named reason, or missing.
 */
final class Accounts {
    private Accounts() {}

    /** How a run's drain ended, for the accounts of agents that had not delivered everything. */
    enum Ending {
        /** Not ended: still delivering. */
        NONE,
        /** The drain timeout came first. */
        TIMEOUT,
        /** The data volume was still failing when the store-recovery timeout came. */
        STORE_FAILED
    }

    /** Dropped and missing rows over many accounts, and whether all of them are complete. */
    /**
     * An agent's part of a run.
     *
     * @param report        its account of the run, or null when it sent none
     * @param sendsAccounts false for a client that keeps no run account (its rows are all that is known)
     * @param stopAt        the run's stop instant, or null while it collects
     * @param ending        how the drain ended, for an agent that has not delivered everything
     */
    static AgentAccount account(
            String agentId,
            String nodeName,
            RunAccount report,
            boolean sendsAccounts,
            Instant lastReportAt,
            Long stopAt,
            long deliveredRows,
            long deliveredBatches,
            Ending ending) {
        DrainState drain;
        if (stopAt == null) {
            drain = DrainState.COLLECTING;
        } else if (report != null && report.drained() && report.stopAtMs().longValue() == stopAt) {
            drain = DrainState.DELIVERED;
        } else if (!sendsAccounts) {
            drain = DrainState.NO_ACCOUNT;
        } else {
            drain = switch (ending) {
                case NONE -> DrainState.DELIVERING;
                case TIMEOUT -> DrainState.TIMEOUT;
                case STORE_FAILED -> DrainState.STORE_FAILED;
            };
        }
        long outstanding = report == null ? 0 : report.outstandingRows();
        AgentAccount.Dropped dropped = report == null
                ? null
                : new AgentAccount.Dropped(
                        report.droppedSpoolFull(),
                        report.droppedRefused(),
                        report.droppedAgentRestart(),
                        drain == DrainState.TIMEOUT ? outstanding : 0,
                        drain == DrainState.STORE_FAILED ? outstanding : 0,
                        acknowledgedLost(report, deliveredRows));
        Long sampled = report == null ? null : report.sampledRows();
        return new AgentAccount(
                agentId,
                nodeName,
                drain,
                sampled,
                deliveredRows,
                deliveredBatches,
                report == null ? null : report.outstandingRows(),
                dropped,
                sampled == null ? null : Math.max(0, sampled - deliveredRows),
                report == null || report.firstTickMs() == null ? null : Instant.ofEpochMilli(report.firstTickMs()),
                report == null || report.lastTickMs() == null ? null : Instant.ofEpochMilli(report.lastTickMs()),
                report == null ? null : report.missedTicks(),
                report == null ? null : report.malformedFields(),
                lastReportAt,
                null);
    }

    /**
     * Rows the agent says the collector acknowledged that the files do not hold. The agent counts a
     * row sent only on an acknowledgement, and the collector acknowledges only what its journal
     * holds, so this is 0 unless the store lost a commit; counted so that such a loss is named.
     */
    static long acknowledgedLost(RunAccount report, long deliveredRows) {
        return report == null ? 0 : Math.max(0, report.sentRows() - deliveredRows);
    }

    /**
     * An account heard after the run finished, of an agent whose drain was cut short. Its batches are
     * refused by now, so its own "refused" count mixes rows refused while the run was open with those
     * that came too late: the rows not in the files beyond what it dropped for other reasons (and what
     * was refused while the run was open, as known when the drain ended) are what the drain's end cost,
     * counted under its reason (the drain timeout, or the store's failure).
     */
    static AgentAccount late(AgentAccount old, RunAccount r, String nodeName, Instant lastReportAt) {
        long missing = Math.max(0, r.sampledRows() - old.deliveredRows());
        long refusedBefore = old.droppedRows() == null ? 0 : old.droppedRows().refused();
        long lost = acknowledgedLost(r, old.deliveredRows());
        long cost = Math.max(0, missing - r.droppedSpoolFull() - r.droppedAgentRestart() - refusedBefore - lost);
        boolean storeFailed = old.drain() == DrainState.STORE_FAILED;
        return new AgentAccount(
                old.agentId(),
                nodeName,
                old.drain(),
                r.sampledRows(),
                old.deliveredRows(),
                old.deliveredBatches(),
                r.outstandingRows(),
                new AgentAccount.Dropped(
                        r.droppedSpoolFull(),
                        refusedBefore,
                        r.droppedAgentRestart(),
                        storeFailed ? 0 : cost,
                        storeFailed ? cost : 0,
                        lost),
                missing,
                r.firstTickMs() == null ? null : Instant.ofEpochMilli(r.firstTickMs()),
                r.lastTickMs() == null ? null : Instant.ofEpochMilli(r.lastTickMs()),
                r.missedTicks(),
                r.malformedFields(),
                lastReportAt,
                null);
    }

    /**
     * An account with the rows the journal holds for it (after a store's recovery, a commit forced
     * to the journal before its files failed is in them after all); the rows not written by the
     * store's timeout are then {@code storeFailed}.
     */
    static AgentAccount recount(AgentAccount x, long deliveredRows, long deliveredBatches) {
        if (x.deliveredRows() == deliveredRows) {
            return x;
        }
        Long missing = x.sampledRows() == null ? null : Math.max(0, x.sampledRows() - deliveredRows);
        AgentAccount.Dropped d = x.droppedRows();
        if (d != null) {
            // The agent's acknowledged rows are the same; more of them may be in the files now.
            long lost = Math.max(0, d.acknowledgedLost() - (deliveredRows - x.deliveredRows()));
            long storeFailed = d.storeFailed();
            if (missing != null && x.drain() == DrainState.STORE_FAILED) {
                long others = d.spoolFull() + d.refused() + d.agentRestart() + d.drainTimeout() + lost;
                storeFailed = Math.max(0, missing - others);
            }
            d = new AgentAccount.Dropped(
                    d.spoolFull(), d.refused(), d.agentRestart(), d.drainTimeout(), storeFailed, lost);
        }
        return new AgentAccount(
                x.agentId(),
                x.nodeName(),
                x.drain(),
                x.sampledRows(),
                deliveredRows,
                deliveredBatches,
                x.outstandingRows(),
                d,
                missing,
                x.firstTick(),
                x.lastTick(),
                x.missedTicks(),
                x.malformedFields(),
                x.lastReportAt(),
                x.collector());
    }
}
