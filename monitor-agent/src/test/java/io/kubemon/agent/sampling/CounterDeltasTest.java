package io.kubemon.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CounterDeltasTest {

    @Test
    void firstReadingPrimesThenIncreasesAreExact() {
        CounterDeltas d = new CounterDeltas();
        assertThat(d.update("vda", 0, new long[] {10, 20})).isNull();
        CounterDeltas.Delta delta = d.update("vda", 1_000_000_000L, new long[] {15, 20});
        assertThat(delta.diff()).containsExactly(5, 0);
        assertThat(delta.elapsedMs()).isEqualTo(1000);
    }

    @Test
    void aCounterThatWentBackwardsOrIsMissingIsUnknownNotNegative() {
        CounterDeltas d = new CounterDeltas();
        d.update("x", 0, new long[] {100, -1, 5});
        CounterDeltas.Delta delta = d.update("x", 1, new long[] {50, 7, 6});
        assertThat(delta.diff()).containsExactly(CounterDeltas.UNKNOWN, CounterDeltas.UNKNOWN, 1);
        assertThat(CounterDeltas.scaled(delta.diff()[0], 1, 1)).isNull();
    }

    @Test
    void scalingDividesExactly() {
        assertThat(CounterDeltas.scaled(55, 1, 100)).isEqualTo(0.55);
        assertThat(CounterDeltas.scaled(131072, 512, 1)).isEqualTo(67108864L);
    }

    @Test
    void vanishedEntitiesStartAfreshWhenTheyReturn() {
        CounterDeltas d = new CounterDeltas();
        d.update("a", 0, new long[] {1});
        d.update("b", 0, new long[] {1});
        d.retainOnly(Set.of("b"));
        assertThat(d.update("a", 1, new long[] {2})).isNull();
        assertThat(d.update("b", 1, new long[] {2})).isNotNull();
    }
}
