package io.kubemon.agent.os;

import static org.assertj.core.api.Assertions.assertThat;

import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import io.kubemon.agent.TestSupport;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.MalformedFields;
import io.kubemon.agent.host.Notices;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.sampling.MetricSource;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.schema.OsTables;
import io.kubemon.common.schema.RowFormat;
import io.kubemon.common.schema.Table;
import io.kubemon.common.schema.ValueFormat;
import io.kubemon.common.wire.Sample;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OS sources on a tree recorded from a real host (fixtures/host-vm-cgroup1: two snapshots
 * about a second apart, a 64 MiB direct write and a CPU burn in between). The expected numbers
 * below were worked out by hand from the fixture files; the golden CSVs pin every other cell.
 */
class OsFixtureTest {
    private static final Path FIXTURE = TestSupport.FIXTURES.resolve("host-vm-cgroup1");
    private static final long T0 = 1_764_000_000_000L;

    @TempDir
    Path root;

    private List<MetricSource> sources;
    private final MalformedFields malformed = TestSupport.malformed();

    @BeforeEach
    void setUp() {
        HostPaths paths = TestSupport.paths(root);
        ProcFiles files = new ProcFiles();
        sources = List.of(
                new OsSource(paths, files, malformed),
                new DiskSource(paths, files, TestSupport.properties(root), malformed),
                new NetSource(paths, files, malformed));
    }

    @Test
    void aMalformedFieldIsAnEmptyCellCountedAndNoticedTheRestOfTheRowKept() throws Exception {
        TestSupport.copyTree(FIXTURE.resolve("t0"), root);
        sample(new Tick(T0, 0, "fixture-node"));
        TestSupport.copyTree(FIXTURE.resolve("t1"), root);
        // What a torn read or a foreign file gives: one vmstat value and one load average unreadable.
        Path vmstat = root.resolve("proc/vmstat");
        Files.writeString(vmstat, Files.readString(vmstat).replaceFirst("(?m)^pgmajfault (\\d+)$", "pgmajfault $1x"));
        Path loadavg = root.resolve("proc/loadavg");
        Files.writeString(loadavg, Files.readString(loadavg).replaceFirst(" ", " 0,5"));

        Map<String, Object> v = only(sample(new Tick(T0 + 1000, 1_000_000_000L, "fixture-node")), OsTables.OS)
                .values();

        assertThat(v).doesNotContainKey("load5").containsKeys("load1", "load15");
        assertThat(v.get("vmstat_pgmajfault")).isNull();
        assertThat(v.get("vmstat_pgfault")).isNotNull();
        assertThat(v.get("cpu_user_seconds")).isEqualTo(0.92);
        assertThat(malformed.of("os").count()).isEqualTo(2);
        Notices notices = new Notices();
        malformed.report(notices);
        assertThat(notices.all()).containsExactly("malformed fields read as empty cells: os 2");
    }

    private List<Sample> twoTicks() {
        TestSupport.copyTree(FIXTURE.resolve("t0"), root);
        List<Sample> first = sample(new Tick(T0, 0, "fixture-node"));
        assertThat(first).as("the first read only primes the counters").isEmpty();
        TestSupport.copyTree(FIXTURE.resolve("t1"), root);
        return sample(new Tick(T0 + 1000, 1_000_000_000L, "fixture-node"));
    }

    private List<Sample> sample(Tick tick) {
        List<Sample> out = new ArrayList<>();
        sources.forEach(s -> s.sample(tick, out::add));
        io.kubemon.agent.TestSupport.knownColumns(out);
        return out;
    }

    @Test
    void hostRowHasTheHandComputedDeltas() {
        Map<String, Object> v = only(twoTicks(), OsTables.OS).values();
        // cpu  19818 0 4549 103422 252 0 272 ... -> cpu  19910 0 4568 103558 257 0 272 (USER_HZ 100)
        assertThat(v.get("cpu_user_seconds")).isEqualTo(0.92);
        assertThat(v.get("cpu_system_seconds")).isEqualTo(0.19);
        assertThat(v.get("cpu_idle_seconds")).isEqualTo(1.36);
        assertThat(v.get("cpu_iowait_seconds")).isEqualTo(0.05);
        assertThat(v.get("cpu_softirq_seconds")).isEqualTo(0.0);
        assertThat(v.get("cpu_count")).isEqualTo(2);
        assertThat(v.get("context_switches")).isEqualTo(433084L - 432548L);
        assertThat(v.get("forks")).isEqualTo(4732L - 4688L);
        // pressure cpu some total=51929913 -> 51945965 microseconds; avg10=14.27 % at t1
        assertThat(v.get("psi_cpu_some_seconds")).isEqualTo(0.016052);
        assertThat(v.get("psi_cpu_some_avg10_ratio")).hasToString("0.1427");
        assertThat(v.get("psi_cpu_full_seconds")).isEqualTo(0.0);
        assertThat(v.get("memory_total_bytes")).isEqualTo(24683620L * 1024);
    }

    @Test
    void cpuModesAddUpToCpusTimesTheSampledTime() {
        Map<String, Object> v = only(twoTicks(), OsTables.OS).values();
        double sum = 0;
        for (String mode : OsTables.CPU_MODES) {
            if (!mode.startsWith("guest")) {
                sum += ((Number) v.get("cpu_" + mode + "_seconds")).doubleValue();
            }
        }
        // 2.52 CPU-seconds: the two snapshots were 1.26 s apart on 2 CPUs.
        assertThat(sum).isCloseTo(2.52, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void everyMemoryColumnIsFilledFromMeminfo() {
        Map<String, Object> v = only(twoTicks(), OsTables.OS).values();
        OsTables.OS.columns().stream()
                .map(c -> c.name())
                .filter(n -> n.startsWith("memory_") || n.startsWith("swap_"))
                .forEach(n -> assertThat(v.get(n)).as(n).isInstanceOf(Long.class));
    }

    @Test
    void diskRowsCoverWholeDevicesOnlyWithExactBytes() {
        List<Sample> disks =
                twoTicks().stream().filter(s -> s.table().equals("os_disk")).toList();
        // /sys/block has vda, zram0 and loop0-7: ram, loop and zram devices are excluded by default.
        assertThat(disks).extracting(s -> s.values().get("device")).containsExactly("vda");
        Map<String, Object> vda = disks.get(0).values();
        // sectors written 753824 -> 884896: 131072 sectors of 512 bytes = the 64 MiB dd wrote
        assertThat(vda.get("written_bytes")).isEqualTo(64L * 1024 * 1024);
        assertThat(vda.get("writes_completed")).isEqualTo(2013L - 1949L);
        assertThat(vda.get("read_bytes")).isEqualTo((1517818L - 1517266L) * 512);
        assertThat(vda.get("io_time_seconds")).isEqualTo(0.048);
        assertThat(vda.get("io_in_progress")).isEqualTo(0L);
    }

    @Test
    void netRowsForEveryInterfaceOfTheHostInit() {
        List<Sample> nets =
                twoTicks().stream().filter(s -> s.table().equals("os_net")).toList();
        assertThat(nets).extracting(s -> s.values().get("interface")).containsExactly("lo", "ifb0", "ifb1", "eth0");
        assertThat(nets).allSatisfy(s -> assertThat(s.intervalMs()).isEqualTo(1000));
    }

    @Test
    void missingPressureFilesLeaveEmptyCellsNotErrors() throws Exception {
        // A host without PSI (kernel before 4.20): the files are absent at every tick.
        TestSupport.copyTree(FIXTURE.resolve("t0"), root);
        deletePressureFiles();
        sample(new Tick(T0, 0, "fixture-node"));
        TestSupport.copyTree(FIXTURE.resolve("t1"), root);
        deletePressureFiles();
        Map<String, Object> v = only(sample(new Tick(T0 + 1000, 1_000_000_000L, "n")), OsTables.OS)
                .values();
        assertThat(v).doesNotContainKey("psi_cpu_some_avg10_ratio");
        assertThat(v.get("psi_io_full_seconds")).isNull();
        assertThat(v.get("cpu_user_seconds")).isEqualTo(0.92);
    }

    private void deletePressureFiles() throws Exception {
        for (String r : List.of("cpu", "memory", "io")) {
            Files.delete(root.resolve("proc/pressure").resolve(r));
        }
    }

    /** A sample's CSV line as the collector writes it: the row prefix, then each column's cell (empty when absent). */
    private static String[] line(Table table, Sample s) {
        String[] line = new String[Table.ROW_PREFIX.size() + table.columns().size()];
        RowFormat.prefix(line, s.source(), "agent-1", "1");
        String[] cells = new String[table.columns().size()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = ValueFormat.cell(s.values().get(table.columns().get(i).name()));
        }
        RowFormat.fill(line, RowFormat.timestamp(s.timestamp()), Long.toString(s.intervalMs()), cells);
        return line;
    }

    @Test
    void goldenCsv() throws Exception {
        List<Sample> samples = twoTicks();
        for (Table table : List.of(OsTables.OS, OsTables.OS_DISK, OsTables.OS_NET)) {
            StringWriter text = new StringWriter();
            try (ICSVWriter csv = new CSVWriterBuilder(text).withLineEnd("\n").build()) {
                csv.writeNext(table.header(), false);
                for (Sample s : samples) {
                    if (s.table().equals(table.name())) {
                        csv.writeNext(line(table, s), false);
                    }
                }
            }
            Path golden = FIXTURE.resolve("expected").resolve(table.name() + ".csv");
            if (Boolean.getBoolean("kubemon.regenerate-golden")) {
                Files.createDirectories(golden.getParent());
                Files.writeString(golden, text.toString());
            }
            assertThat(text.toString()).as("golden " + golden).isEqualTo(Files.readString(golden));
        }
    }

    private static Sample only(List<Sample> samples, Table table) {
        List<Sample> rows =
                samples.stream().filter(s -> s.table().equals(table.name())).toList();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
