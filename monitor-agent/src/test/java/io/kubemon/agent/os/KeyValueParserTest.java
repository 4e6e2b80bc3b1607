package io.kubemon.agent.os;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.agent.procfs.KeyValueParser;
import io.kubemon.agent.procfs.Malformed;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /proc/meminfo and /proc/vmstat on strings: units, and the split counters the OS table sums. */
class KeyValueParserTest {
    /** Counts the fields the parser found malformed. */
    private final Malformed bad = new Malformed("test");

    @Test
    void meminfoInBytesAndUnitlessFieldsAsIs() {
        Map<String, Long> m = KeyValueParser.meminfo("""
                MemTotal:       16384 kB
                MemAvailable:    8192 kB
                HugePages_Total:       4
                """, bad);
        assertThat(m)
                .containsEntry("MemTotal", 16384L * 1024)
                .containsEntry("MemAvailable", 8192L * 1024)
                .containsEntry("HugePages_Total", 4L);
    }

    @Test
    void vmstatSplitCountersAreSummedAndThrottleEventsAreNotScans() {
        Map<String, Long> vm = KeyValueParser.vmstat("""
                pgscan_kswapd_dma 1
                pgscan_kswapd_normal 10
                pgscan_direct_normal 100
                pgscan_direct_throttle 5000
                workingset_refault_anon 3
                workingset_refault_file 4
                pgfault 42
                """, bad);
        assertThat(OsSource.sum(vm, "pgscan_kswapd", java.util.Set.of())).isEqualTo(11);
        assertThat(OsSource.sum(vm, "pgscan_direct", java.util.Set.of("pgscan_direct_throttle")))
                .isEqualTo(100);
        assertThat(OsSource.sum(vm, "workingset_refault", java.util.Set.of())).isEqualTo(7);
        assertThat(OsSource.sum(vm, "pgfault", java.util.Set.of())).isEqualTo(42);
        assertThat(OsSource.sum(vm, "oom_kill", java.util.Set.of())).isEqualTo(-1);
    }
}
