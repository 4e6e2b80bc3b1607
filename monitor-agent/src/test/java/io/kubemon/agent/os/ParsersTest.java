package io.kubemon.agent.os;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.agent.procfs.Malformed;
import io.kubemon.agent.procfs.NetDevParser;
import io.kubemon.agent.procfs.PressureParser;
import io.kubemon.agent.procfs.Psi;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parsers, on strings shaped like each kernel generation prints them. */
class ParsersTest {
    /** Counts the fields the parsers found malformed. */
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

    @Test
    void loadavg() {
        assertThat(LoadAvgParser.parse("0.52 1.10 2.25 3/456 7890\n", bad)).containsExactly(0.52, 1.10, 2.25);
    }

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

    @Test
    void pressureWithAndWithoutFullLine() {
        Psi psi = PressureParser.parse("""
                some avg10=1.50 avg60=0.25 avg300=0.00 total=123456
                full avg10=0.10 avg60=0.00 avg300=0.00 total=789
                """, bad);
        assertThat(psi.some()).isEqualTo(new Psi.Line(1.5, 0.25, 0.0, 123456));
        assertThat(psi.full().totalMicros()).isEqualTo(789);
        assertThat(PressureParser.parse("some avg10=0.00 avg60=0.00 avg300=0.00 total=1\n", bad)
                        .full())
                .isNull();
    }

    @Test
    void diskstatsOf11_15_and17FieldKernels() {
        List<DiskStatsParser.Disk> disks = DiskStatsParser.parse("""
                   8       0 sda 1 2 3 4 5 6 7 8 9 10 11
                   8       1 sda1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
                 259       0 nvme0n1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17
                """, bad);
        assertThat(disks).extracting(DiskStatsParser.Disk::name).containsExactly("sda", "sda1", "nvme0n1");
        assertThat(disks.get(0).fields()[10]).isEqualTo(11);
        assertThat(disks.get(0).fields()[11]).isEqualTo(-1);
        assertThat(disks.get(1).fields()[14]).isEqualTo(15);
        assertThat(disks.get(1).fields()[15]).isEqualTo(-1);
        assertThat(disks.get(2).fields()[16]).isEqualTo(17);
    }

    @Test
    void netDevSkipsHeadersAndReadsGluedNames() {
        List<NetDevParser.Interface> itfs = NetDevParser.parse("""
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:    100       2    0    0    0     0          0         0      100       2    0    0    0     0       0          0
                  eth0:4294967296 10 1 2 3 4 5 6 7000 70 8 9 10 11 12 13
                """, bad);
        assertThat(itfs).extracting(NetDevParser.Interface::name).containsExactly("lo", "eth0");
        assertThat(itfs.get(1).fields())
                .containsExactly(4294967296L, 10, 1, 2, 3, 4, 5, 6, 7000, 70, 8, 9, 10, 11, 12, 13);
    }
}
