package io.kubemon.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.agent.cgroup.CgroupParsers;
import io.kubemon.agent.process.ProcessParsers;
import io.kubemon.agent.procfs.DiskStatsParser;
import io.kubemon.agent.procfs.KeyValueParser;
import io.kubemon.agent.procfs.LoadAvgParser;
import io.kubemon.agent.procfs.Malformed;
import io.kubemon.agent.procfs.NetDevParser;
import io.kubemon.agent.procfs.PressureParser;
import io.kubemon.agent.procfs.ProcStatParser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every /proc and cgroup parser on empty, truncated and non-numeric input, as prometheus/procfs
 * tests its parsers (loadavg_test.go): a file the kernel, a container runtime or a race wrote
 * short must give a result or the one exception the sampler turns into "unexpected file format"
 * (IllegalStateException), never an index, number-format or null-pointer error from deep inside.
 */
class MalformedInputTest {
    private static final Map<String, BiFunction<String, Malformed, Object>> PARSERS = new LinkedHashMap<>();

    static {
        PARSERS.put("/proc/diskstats", DiskStatsParser::parse);
        PARSERS.put("/proc/meminfo", KeyValueParser::meminfo);
        PARSERS.put("/proc/vmstat", KeyValueParser::vmstat);
        PARSERS.put("/proc/loadavg", LoadAvgParser::parse);
        PARSERS.put("/proc/net/dev", NetDevParser::parse);
        PARSERS.put("/proc/pressure/*", PressureParser::parse);
        PARSERS.put("/proc/stat", ProcStatParser::parse);
        PARSERS.put("/proc/<pid>/stat", ProcessParsers::stat);
        PARSERS.put("/proc/<pid>/status", ProcessParsers::status);
        PARSERS.put("/proc/<pid>/io", ProcessParsers::io);
        PARSERS.put("cgroup flat-keyed (cpu.stat, memory.stat)", CgroupParsers::flatKeyed);
        PARSERS.put("cgroup single value", CgroupParsers::single);
        PARSERS.put("cgroup v2 cpu.max", CgroupParsers::cpuMax);
        PARSERS.put("cgroup v1 limit", CgroupParsers::v1Limit);
        PARSERS.put("cgroup v1 blkio", CgroupParsers::blkioV1);
        PARSERS.put("cgroup v2 io.stat", CgroupParsers::ioStatV2);
        PARSERS.put("cgroup.procs", CgroupParsers::pids);
    }

    private static final Map<String, String> INPUTS = Map.of(
            "empty", "",
            "blank line", "\n",
            "truncated", "cpu  1 2",
            "non-numeric", "cpu  a b c d e f g h i j\nMemTotal: lots kB\nread_bytes: x\n8 0 sda x y z\n",
            "key without value", "MemTotal:\nrchar:\nusage_usec\n",
            "garbage", "\u0000\u0001(((]]] \t\t ::: --\n");

    static Stream<Arguments> cases() {
        return PARSERS.keySet().stream().flatMap(p -> INPUTS.keySet().stream().map(i -> Arguments.of(p, i)));
    }

    @ParameterizedTest(name = "{0} on {1} input")
    @MethodSource("cases")
    void aResultOrAFormatErrorNeverACrash(String parser, String input) {
        try {
            PARSERS.get(parser).apply(INPUTS.get(input), new Malformed("test"));
        } catch (IllegalStateException expected) {
            assertThat(expected.getMessage()).as("the error says what is wrong").isNotBlank();
        }
    }

    /** One bad field costs its own value only, and is counted: the rest of the file is read. */
    @Test
    void aBadFieldIsAMissingValueCountedAndTheRestIsKept() {
        assertThat(this.<Map<String, Long>>counted(
                        bad -> KeyValueParser.meminfo("MemTotal: 10 kB\nMemFree: x kB\nCached: 3 kB\n", bad), 1))
                .containsEntry("MemTotal", 10240L)
                .containsEntry("Cached", 3072L)
                .doesNotContainKey("MemFree");
        assertThat(this.<Map<String, Long>>counted(
                        bad -> KeyValueParser.vmstat("pgfault 5\npgmajfault ?\npswpin 7\n", bad), 1))
                .containsEntry("pgfault", 5L)
                .containsEntry("pswpin", 7L)
                .doesNotContainKey("pgmajfault");
        double[] load = counted(bad -> LoadAvgParser.parse("0.50 x 1.25 1/100 42\n", bad), 1);
        assertThat(load[0]).isEqualTo(0.5);
        assertThat(load[1]).isNaN();
        assertThat(load[2]).isEqualTo(1.25);
        assertThat(this.<java.util.List<Integer>>counted(bad -> CgroupParsers.pids("12\nzz\n\n34\n", bad), 1))
                .containsExactly(12, 34);
        assertThat(CgroupParsers.single("12x\n", counting(1))).isNull();
        assertThat(CgroupParsers.single("9223372036854771712\n", counting(0))).isEqualTo(9223372036854771712L);
        assertThat(CgroupParsers.single("99999999999999999999\n", counting(1)))
                .as("past Long.MAX_VALUE")
                .isNull();
        assertThat(CgroupParsers.cpuMax("50000 100000", counting(0))).isEqualTo(0.5);
        assertThat(CgroupParsers.cpuMax("50000 x", counting(1))).isNull();
        assertThat(this.<Map<String, Long>>counted(
                        bad -> CgroupParsers.flatKeyed("usage_usec 10\nuser_usec x\nsystem_usec 4\n", bad), 1))
                .containsEntry("usage_usec", 10L)
                .containsEntry("system_usec", 4L)
                .doesNotContainKey("user_usec");
        assertThat(this.<Map<String, Long>>counted(
                        bad -> ProcessParsers.io("rchar: 1\nwchar: ?\nread_bytes: 3\n", bad), 1))
                .containsEntry("rchar", 1L)
                .containsEntry("read_bytes", 3L)
                .doesNotContainKey("wchar");
        long[] disk = counted(bad -> DiskStatsParser.parse("   8       0 sda 1 2 x 4 5 6 7 8 9 10 11\n", bad), 1)
                .get(0)
                .fields();
        assertThat(disk[0]).isEqualTo(1);
        assertThat(disk[2]).as("the bad field").isEqualTo(-1);
        assertThat(disk[3]).isEqualTo(4);
        assertThat(disk[14])
                .as("a field this kernel does not print: missing, not malformed")
                .isEqualTo(-1);
    }

    /** What is absent or legitimately not a number ("max", no quota, an empty file) is missing but not malformed. */
    @Test
    void absentOrUnlimitedIsNotCounted() {
        assertThat(CgroupParsers.single("max\n", counting(0))).isNull();
        assertThat(CgroupParsers.single("", counting(0))).isNull();
        assertThat(CgroupParsers.cpuMax("max 100000", counting(0))).isNull();
        assertThat(CgroupParsers.cfsQuota("-1", "100000", counting(0))).isNull();
        assertThat(CgroupParsers.ioStatV2("8:0 rbytes=10 wbytes=2 rios=1 wios=1 depth=max\n", counting(0)))
                .containsEntry("rbytes", 10L);
        assertThat(this.<Map<String, Long>>counted(bad -> KeyValueParser.vmstat("pgfault 5\n\n", bad), 0))
                .containsEntry("pgfault", 5L);
        assertThat(counted(bad -> PressureParser.parse("some avg10=0.00 avg60=0.00 avg300=0.00 total=7\n", bad), 0)
                        .full())
                .isNull();
    }

    /** A total over devices with one malformed term is missing, never the sum of the rest. */
    @Test
    void aSumWithAMalformedTermIsMissing() {
        long[] rw = CgroupParsers.blkioV1("8:0 Read 100\n8:0 Write 5\n8:16 Read ?\n8:16 Write 6\n", counting(1));
        assertThat(rw).containsExactly(-1, 11);
        assertThat(CgroupParsers.ioStatV2("8:0 rbytes=10 wbytes=2\n8:16 rbytes=x wbytes=3\n", counting(1)))
                .containsEntry("rbytes", -1L)
                .containsEntry("wbytes", 5L);
    }

    /** A Malformed that must have counted {@code expected} fields by the end of the test. */
    private Malformed counting(long expected) {
        Malformed bad = new Malformed("test");
        expectations.add(
                () -> assertThat(bad.count()).as("malformed fields counted").isEqualTo(expected));
        return bad;
    }

    private <T> T counted(java.util.function.Function<Malformed, T> parse, long expected) {
        Malformed bad = new Malformed("test");
        T result = parse.apply(bad);
        assertThat(bad.count()).as("malformed fields counted").isEqualTo(expected);
        return result;
    }

    private final java.util.List<Runnable> expectations = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void checkCounts() {
        expectations.forEach(Runnable::run);
    }
}
