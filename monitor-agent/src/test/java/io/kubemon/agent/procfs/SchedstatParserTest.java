package io.kubemon.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** /proc/<pid>/schedstat on strings. */
class SchedstatParserTest {
    @Test
    void runWaitAndTimeslicesAndAShortOrBadLine() {
        Malformed bad = new Malformed("t");
        assertThat(SchedstatParser.parse("1030000000 512000000 94\n", bad))
                .containsExactly(1_030_000_000L, 512_000_000L, 94L);
        assertThat(bad.count()).isZero();
        assertThat(SchedstatParser.parse("1030000000 x\n", bad)).containsExactly(1_030_000_000L, -1L, -1L);
        assertThat(bad.count()).isEqualTo(1);
    }
}
