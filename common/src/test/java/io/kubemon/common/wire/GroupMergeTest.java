package io.kubemon.common.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one arithmetic of a group's run, on parts with known sums. */
class GroupMergeTest {
    static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");

    static AgentAccount account(String node, long sampled, long delivered, DrainState drain) {
        long missing = sampled - delivered;
        return new AgentAccount(
                "agent-" + node,
                node,
                drain,
                sampled,
                delivered,
                1,
                0L,
                new AgentAccount.Dropped(0, missing, 0, 0, 0),
                missing,
                T0,
                T0.plusSeconds(10),
                0L,
                0L,
                T0.plusSeconds(11),
                null);
    }

    static GroupMerge.Part part(long rows, boolean complete, Instant stoppedAt, Instant finishedAt, AgentAccount... a) {
        long missing = 0;
        for (AgentAccount x : a) {
            missing += x.missingRows();
        }
        return new GroupMerge.Part(
                rows,
                rows / 10,
                0,
                missing,
                complete,
                Map.of("os", new MonitorTotals(1, rows)),
                List.of(a),
                stoppedAt,
                stoppedAt,
                finishedAt);
    }

    @Test
    void sumsThePartsOwnTotals() {
        GroupMerge.Merged m = GroupMerge.merge(List.of(
                part(100, true, T0.plusSeconds(20), T0.plusSeconds(25), account("n2", 100, 100, DrainState.DELIVERED)),
                part(50, false, T0.plusSeconds(21), T0.plusSeconds(30), account("n1", 53, 50, DrainState.TIMEOUT))));
        assertThat(m.rows()).isEqualTo(150);
        assertThat(m.batches()).isEqualTo(15);
        assertThat(m.monitors()).containsEntry("os", new MonitorTotals(2, 150));
        assertThat(m.missingRows()).as("3 rows n1 sampled and never delivered").isEqualTo(3);
        assertThat(m.complete()).isFalse();
        assertThat(m.stoppedAt()).as("the earliest stop").isEqualTo(T0.plusSeconds(20));
        assertThat(m.stopAt()).as("the latest stop instant").isEqualTo(T0.plusSeconds(21));
        assertThat(m.finishedAt()).as("the latest finish").isEqualTo(T0.plusSeconds(30));
        assertThat(m.agents())
                .extracting(AgentAccount::nodeName)
                .as("sorted by node")
                .containsExactly("n1", "n2");
    }

    @Test
    void aPartStillRunningLeavesTheGroupUnfinishedAndACompleteGroupNeedsEveryPart() {
        GroupMerge.Merged running = GroupMerge.merge(List.of(
                part(10, true, T0, T0.plusSeconds(5), account("n1", 10, 10, DrainState.DELIVERED)),
                part(10, true, null, null, account("n2", 10, 10, DrainState.DELIVERED))));
        assertThat(running.finishedAt()).isNull();
        assertThat(running.complete())
                .as("every account whole, every part complete")
                .isTrue();
        assertThat(GroupMerge.merge(List.of()).complete()).isTrue();
    }
}
