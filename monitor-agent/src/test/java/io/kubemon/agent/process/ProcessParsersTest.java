package io.kubemon.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubemon.agent.procfs.Fields;
import io.kubemon.agent.procfs.Malformed;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessParsersTest {
    /** Counts the fields the parsers found malformed. */
    private final Malformed bad = new Malformed("test");

    /** A real line (kernel 6.x, 52 fields) with its command renamed to contain ") (" and spaces. */
    private static final String STAT = "4242 (my) (odd cmd) S 4200 4242 4200 0 -1 4194560 1775 0 3 0 "
            + "71 29 0 0 20 0 7 0 123456 10485760 512 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 "
            + "0 0 0 0 0 0 0 0 0 0\n";

    @Test
    void statCountsFieldsFromTheLastParenthesis() {
        ProcStat s = ProcessParsers.stat(STAT, bad);
        assertThat(s.comm()).isEqualTo("my) (odd cmd");
        assertThat(s.state()).isEqualTo('S');
        assertThat(s.ppid()).isEqualTo(4200);
        assertThat(s.minflt()).isEqualTo(1775);
        assertThat(s.majflt()).isEqualTo(3);
        assertThat(s.utime()).isEqualTo(71);
        assertThat(s.stime()).isEqualTo(29);
        assertThat(s.threads()).isEqualTo(7);
        assertThat(s.startTime()).isEqualTo(123456);
        assertThat(s.processor()).as("field 39: the CPU it last ran on").isEqualTo(1);
        // A line that ends before field 39 (a kernel older than 2.2.8) has no processor, and is no error.
        String shortLine = STAT.substring(0, STAT.indexOf(" 10485760")) + "\n";
        assertThat(ProcessParsers.stat(shortLine, bad).processor()).isEqualTo(-1);
        assertThat(bad.count()).isZero();
    }

    @Test
    void aTornStatLineIsAnErrorNotAWrongRow() {
        assertThatThrownBy(() -> ProcessParsers.stat("4242 (sh) S 1 4242 4242 0", bad))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/proc/<pid>/stat");
    }

    @Test
    void statusKeepsOnlyWantedKeysWithKbInBytes() {
        String status = "Name:\tsh\nUmask:\t0022\nState:\tS (sleeping)\nVmPeak:\t    1500 kB\nVmSize:\t    1480 kB\n"
                + "VmRSS:\t     912 kB\nRssAnon:\t      84 kB\nRssFile:\t     828 kB\nRssShmem:\t       0 kB\n"
                + "VmSwap:\t      16 kB\nThreads:\t1\nvoluntary_ctxt_switches:\t150\nnonvoluntary_ctxt_switches:\t2";
        Map<String, Long> m = ProcessParsers.status(status, bad);
        assertThat(m)
                .containsOnly(
                        Map.entry("VmSize", 1480L * 1024),
                        Map.entry("VmRSS", 912L * 1024),
                        Map.entry("RssFile", 828L * 1024),
                        Map.entry("RssShmem", 0L),
                        Map.entry("VmSwap", 16L * 1024),
                        Map.entry("voluntary_ctxt_switches", 150L),
                        Map.entry("nonvoluntary_ctxt_switches", 2L));
    }

    @Test
    void ioEveryLine() {
        String io =
                "rchar: 2012\nwchar: 10\nsyscr: 7\nsyscw: 1\nread_bytes: 4096\nwrite_bytes: 0\ncancelled_write_bytes: 0\n";
        assertThat(ProcessParsers.io(io, bad))
                .containsEntry("rchar", 2012L)
                .containsEntry("read_bytes", 4096L)
                .containsEntry("write_bytes", 0L)
                .hasSize(7);
    }

    @Test
    void cmdlineJoinsArgumentsAndFallsBackToTheKernelName() {
        assertThat(ProcessParsers.cmdline("sleep\u00001000\u0000", "sleep")).isEqualTo("sleep 1000");
        assertThat(ProcessParsers.cmdline("", "kworker/0:1")).isEqualTo("[kworker/0:1]");
    }

    @Test
    void fieldsSplitOnAnyRunOfBlanks() {
        assertThat(Fields.split("  8  0 sda\t1 2  ")).containsExactly("8", "0", "sda", "1", "2");
        assertThat(Fields.split("   ")).isEmpty();
        assertThat(Fields.split("one")).containsExactly("one");
    }
}
