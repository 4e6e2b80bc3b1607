package io.kubemon.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** /proc/loadavg on a string. */
class LoadAvgParserTest {
    /** Counts the fields the parser found malformed. */
    private final Malformed bad = new Malformed("test");

    @Test
    void loadavg() {
        assertThat(LoadAvgParser.parse("0.52 1.10 2.25 3/456 7890\n", bad)).containsExactly(0.52, 1.10, 2.25);
    }
}
