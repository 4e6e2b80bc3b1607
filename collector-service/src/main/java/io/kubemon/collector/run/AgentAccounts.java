package io.kubemon.collector.run;

import io.kubemon.collector.agents.AgentRegistry;
import io.kubemon.collector.store.CsvRunWriter;
import io.kubemon.common.wire.AgentAccount;
import io.kubemon.common.wire.DrainState;
import io.kubemon.common.wire.GroupMerge;
import io.kubemon.common.wire.RunState;
import io.kubemon.common.wire.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * A run's summary and its agents' accounts from what the files hold and what each agent last
 * reported: the registry's side of the accounts. The arithmetic itself is {@link Accounts}' (pure).
 */
@Component
class AgentAccounts {
    private final AgentRegistry agents;

    AgentAccounts(AgentRegistry agents) {
        this.agents = agents;
    }

    /** The run's summary in {@code state} with these accounts; {@code finishBy} while it is stopping. */
    RunStatus summarise(
            ActiveRun a, RunState state, Instant finishedAt, Instant finishBy, List<AgentAccount> accounts) {
        Run r = a.run();
        Stopping st = a.stopping();
        return withAccounts(
                new RunStatus(
                        state == RunState.COLLECTING,
                        state,
                        r.runId(),
                        r.outputDir(),
                        r.path().toString(),
                        r.intervalMs(),
                        r.startedAt(),
                        st == null ? null : st.requestedAt(),
                        st == null ? null : Instant.ofEpochMilli(st.stopAtMs()),
                        finishedAt,
                        st == null || finishedAt != null ? null : finishBy,
                        agentRows(a.writer()),
                        agentBatches(a.writer()),
                        0,
                        0,
                        false,
                        a.writer().totals(),
                        List.of(),
                        null,
                        null),
                accounts);
    }

    /**
     * The rows the agents delivered: what their accounts reconcile with. The collector's own
     * events are not among them (they show in the totals of the events monitor).
     */
    static long agentRows(io.kubemon.collector.store.RunStore w) {
        return w.rows()
                - w.byAgent()
                        .getOrDefault(RunEvents.AGENT_ID, CsvRunWriter.Delivered.NONE)
                        .rows();
    }

    static long agentBatches(io.kubemon.collector.store.RunStore w) {
        return w.batches()
                - w.byAgent()
                        .getOrDefault(RunEvents.AGENT_ID, CsvRunWriter.Delivered.NONE)
                        .batches();
    }

    /** The summary with these accounts and the totals they make. */
    RunStatus withAccounts(RunStatus s, List<AgentAccount> accounts) {
        GroupMerge.AccountTotals t = GroupMerge.accountTotals(accounts);
        long dropped = t.droppedRows();
        if (accounts.stream().allMatch(x -> x.drain() == DrainState.NO_ACCOUNT)) {
            // Agents without accounts (older ones, scripts) still report dropped rows by heartbeat.
            dropped = Math.max(dropped, agents.droppedRows(s.runId()));
        }
        return s.withAccounts(dropped, t.missingRows(), t.complete() && s.state() == RunState.FINISHED, accounts);
    }

    /**
     * Every agent that took part: those with rows in the files and those whose account names the
     * run. With an ending other than {@code NONE}, an agent still delivering was cut short by it.
     */
    List<AgentAccount> accounts(ActiveRun a, Accounts.Ending ending) {
        String runId = a.run().runId();
        Map<String, CsvRunWriter.Delivered> delivered = a.writer().byAgent();
        Map<String, AgentRegistry.Entry> entries = new TreeMap<>();
        for (String id : delivered.keySet()) {
            if (!id.equals(RunEvents.AGENT_ID)) { // the collector's own events: no agent, no account
                entries.put(id, agents.find(id).orElse(null));
            }
        }
        for (AgentRegistry.Entry e : agents.entries()) {
            if (e.runReport(runId).isPresent()) {
                entries.put(e.agentId(), e);
            }
        }
        Long stopAt = a.stopping() == null ? null : a.stopping().stopAtMs();
        List<AgentAccount> out = new ArrayList<>(entries.size());
        entries.forEach((id, e) -> {
            CsvRunWriter.Delivered d = delivered.getOrDefault(id, CsvRunWriter.Delivered.NONE);
            out.add(Accounts.account(
                    id,
                    e == null ? null : e.nodeName(),
                    e == null ? null : e.runReport(runId).orElse(null),
                    e == null || e.sendsAccounts(),
                    e == null ? null : e.lastReportAt(),
                    stopAt,
                    d.rows(),
                    d.batches(),
                    ending));
        });
        return out;
    }
}
