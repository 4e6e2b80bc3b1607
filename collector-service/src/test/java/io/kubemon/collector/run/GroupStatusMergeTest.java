package io.kubemon.collector.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.common.wire.AgentAccount;
import io.kubemon.common.wire.DrainState;
import io.kubemon.common.wire.GroupMember;
import io.kubemon.common.wire.MonitorTotals;
import io.kubemon.common.wire.RunState;
import io.kubemon.common.wire.RunStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a group's status is made of its members' (GroupRuns.merge): pure, on hand-made statuses. */
class GroupStatusMergeTest {
    private static final List<String> ORDER = List.of("http://a", "http://b", "http://c");

    private static RunStatus member(
            String runId, RunState state, long rows, String node, String stopAt, boolean complete) {
        AgentAccount account = new AgentAccount(
                "id-" + node,
                node,
                state == RunState.FINISHED ? DrainState.DELIVERED : DrainState.COLLECTING,
                rows,
                rows,
                2,
                0L,
                new AgentAccount.Dropped(0, 0, 0, 0, 0),
                0L,
                null,
                null,
                0L,
                0L,
                null,
                null);
        return new RunStatus(
                state == RunState.COLLECTING,
                state,
                runId,
                "exp",
                "/data/exp",
                1000L,
                Instant.parse("2026-11-26T10:00:00Z"),
                stopAt == null ? null : Instant.parse(stopAt),
                stopAt == null ? null : Instant.parse(stopAt),
                state == RunState.FINISHED ? Instant.parse("2026-11-26T10:02:00Z") : null,
                null,
                rows,
                2,
                0,
                0,
                complete,
                Map.of("os", new MonitorTotals(1, rows)),
                List.of(account),
                null,
                null);
    }

    @Test
    void membersOfOneRunAreSummedAndListed() {
        RunStatus a = member("run-1", RunState.FINISHED, 10, "n1", "2026-11-26T10:01:00Z", true);
        Map<String, RunStatus> parts = new LinkedHashMap<>();
        parts.put("http://a", a);
        parts.put("http://b", member("run-1", RunState.FINISHED, 5, "n2", "2026-11-26T10:01:00.200Z", true));
        parts.put("http://c", member("run-1", RunState.FINISHED, 7, "n3", "2026-11-26T10:01:00Z", true));
        RunStatus g = GroupRuns.merge(ORDER, a, parts, Map.of());
        assertThat(g.state()).isEqualTo(RunState.FINISHED);
        assertThat(g.rows()).isEqualTo(22);
        assertThat(g.complete()).isTrue();
        assertThat(g.monitors().get("os").files()).isEqualTo(3);
        assertThat(g.agents()).extracting(AgentAccount::nodeName).containsExactly("n1", "n2", "n3");
        assertThat(g.stopAt()).isEqualTo(Instant.parse("2026-11-26T10:01:00.200Z"));
        assertThat(g.collectors()).extracting(GroupMember::rows).containsExactly(10L, 5L, 7L);
    }

    @Test
    void anUnreachableOrStillStoppingMemberKeepsTheRunIncomplete() {
        RunStatus a = member("run-1", RunState.FINISHED, 10, "n1", "2026-11-26T10:01:00Z", true);
        Map<String, RunStatus> parts = new LinkedHashMap<>();
        parts.put("http://a", a);
        parts.put("http://b", member("run-1", RunState.STOPPING, 5, "n2", "2026-11-26T10:01:00Z", false));
        RunStatus g = GroupRuns.merge(ORDER, a, parts, Map.of("http://c", "unreachable (ConnectException)"));
        assertThat(g.state()).isEqualTo(RunState.STOPPING);
        assertThat(g.complete()).isFalse();
        assertThat(g.finishedAt()).isNull();
        GroupMember c = g.collectors().get(2);
        assertThat(c.reachable()).isFalse();
        assertThat(c.error()).contains("unreachable");
    }

    @Test
    void aMemberHoldingAnotherRunIsListedNotSummed() {
        RunStatus a = member("run-2", RunState.COLLECTING, 10, "n1", null, false);
        Map<String, RunStatus> parts = new LinkedHashMap<>();
        parts.put("http://a", a);
        parts.put("http://b", member("run-1", RunState.FINISHED, 5, "n2", "2026-11-26T10:01:00Z", true));
        parts.put("http://c", member("run-2", RunState.COLLECTING, 7, "n3", null, false));
        RunStatus g = GroupRuns.merge(ORDER, a, parts, Map.of());
        assertThat(g.runId()).isEqualTo("run-2");
        assertThat(g.state()).isEqualTo(RunState.COLLECTING);
        assertThat(g.rows()).isEqualTo(17);
        assertThat(g.collectors().get(1).error()).isEqualTo("holds another run");
    }

    @Test
    void noRunAnywhereIsIdleWithTheMembersListed() {
        RunStatus idle = RunStatus.idle();
        Map<String, RunStatus> parts = new LinkedHashMap<>();
        parts.put("http://a", idle);
        RunStatus g = GroupRuns.merge(ORDER, idle, parts, Map.of("http://b", "x", "http://c", "y"));
        assertThat(g.state()).isEqualTo(RunState.IDLE);
        assertThat(g.collectors()).hasSize(3);
    }
}
