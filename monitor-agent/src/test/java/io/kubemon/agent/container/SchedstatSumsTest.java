package io.kubemon.agent.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A container's scheduler times summed from its processes' own increases (pure). */
class SchedstatSumsTest {
    @Test
    void processesThatExitAppearOrAreReusedNeverMakeTheSumGoWrong() {
        SchedstatSums s = new SchedstatSums();
        assertThat(s.tick("c", Map.of(1, new long[] {100, 50, 3}, 2, new long[] {10, 5, 1})))
                .as("the first reading has nothing to compare with")
                .isNull();
        // pid 1 ran 40 and waited 20 more; pid 2 exited; pid 3 appeared having run 7.
        assertThat(s.tick("c", Map.of(1, new long[] {140, 70, 5}, 3, new long[] {7, 1, 1})))
                .containsExactly(47, 21, 3);
        // pid 1 reused by a new process: its counters went back, it counts from zero.
        assertThat(s.tick("c", Map.of(1, new long[] {2, 1, 1}, 3, new long[] {9, 1, 2})))
                .containsExactly(4, 1, 2);
        assertThat(s.tick("c", Map.of())).as("no schedstat at all: no sums").isNull();
        s.retainOnly(Set.of());
        assertThat(s.remembered()).isEmpty();
    }
}
