package io.kubemon.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** /proc/stat on strings: the aggregate line, the counters, an old kernel's shorter line. */
class ProcStatParserTest {
    /** Counts the fields the parser found malformed. */
    private final Malformed bad = new Malformed("test");

    @Test
    void procStatAggregateLineAndCounters() {
        CpuStat s = ProcStatParser.parse("""
                cpu  100 2 30 4000 5 6 7 8 9 10
                cpu0 50 1 15 2000 2 3 3 4 4 5
                cpu1 50 1 15 2000 3 3 4 4 5 5
                intr 12345 0 0 1
                ctxt 999
                btime 1700000000
                processes 77
                procs_running 3
                procs_blocked 1
                """, bad);
        assertThat(s.modeTicks()).containsExactly(100, 2, 30, 4000, 5, 6, 7, 8, 9, 10);
        assertThat(s.cpuCount()).isEqualTo(2);
        assertThat(s.interrupts()).isEqualTo(12345);
        assertThat(s.contextSwitches()).isEqualTo(999);
        assertThat(s.forks()).isEqualTo(77);
        assertThat(s.procsRunning()).isEqualTo(3);
        assertThat(s.procsBlocked()).isEqualTo(1);
    }

    @Test
    void procStatOfAnOldKernelLacksStealAndGuest() {
        CpuStat s = ProcStatParser.parse("cpu  1 2 3 4 5 6 7\ncpu0 1 2 3 4 5 6 7\n", bad);
        assertThat(s.modeTicks()).containsExactly(1, 2, 3, 4, 5, 6, 7, -1, -1, -1);
        assertThat(s.contextSwitches()).isEqualTo(-1);
    }
}
