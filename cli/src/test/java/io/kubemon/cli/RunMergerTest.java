package io.kubemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.common.schema.ContainerTables;
import io.kubemon.common.schema.OsTables;
import io.kubemon.common.schema.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubemon merge on a run directory laid out as the collector writes it. */
class RunMergerTest {
    @TempDir
    Path run;

    private static String row(Table t, String ts, String node, Map<String, String> values) {
        return RunFixture.row(t, ts, node, values);
    }

    private void file(String rel, Table t, String... rows) throws Exception {
        new RunFixture(run).file(rel, t, rows);
    }

    @Test
    void alignsOnTimestampAndNodeNotOnRowNumber() throws Exception {
        String t1 = "2026-11-24T10:00:01.000Z";
        String t2 = "2026-11-24T10:00:02.000Z";
        file(
                "os/a.csv",
                OsTables.OS,
                row(OsTables.OS, t1, "a", Map.of("load1", "0.5")),
                row(OsTables.OS, t2, "a", Map.of("load1", "0.7")));
        // Node b missed its first tick: the merge must not shift its rows.
        file("os/b.csv", OsTables.OS, row(OsTables.OS, t2, "b", Map.of("load1", "2")));
        file("os/a.net.csv", OsTables.OS_NET, row(OsTables.OS_NET, t1, "a", Map.of("interface", "eth0")));
        file(
                "container/web.csv",
                ContainerTables.CONTAINER,
                row(
                        ContainerTables.CONTAINER,
                        t1,
                        "a",
                        Map.of("cpu_usage_seconds", "0.25", "memory_usage_bytes", "100")),
                row(
                        ContainerTables.CONTAINER,
                        t2,
                        "a",
                        Map.of("cpu_usage_seconds", "0.5", "memory_usage_bytes", "100")));
        file(
                "container/db.csv",
                ContainerTables.CONTAINER,
                row(
                        ContainerTables.CONTAINER,
                        t1,
                        "a",
                        Map.of("cpu_usage_seconds", "0.125", "memory_usage_bytes", "50")),
                row(ContainerTables.CONTAINER, t2, "b", Map.of("cpu_usage_seconds", "1", "memory_usage_bytes", "7")));

        StringWriter progress = new StringWriter();
        long rows = new RunMerger(new PrintWriter(progress)).merge(run, run.resolve("merged.csv"));
        assertThat(rows).isEqualTo(3);
        assertThat(progress.toString()).contains("100%");
        List<String> lines = Files.readAllLines(run.resolve("merged.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int load = header.indexOf("load1");
        int count = header.indexOf("containers");
        int cpu = header.indexOf("containers_cpu_usage_seconds");
        int mem = header.indexOf("containers_memory_usage_bytes");
        String[] a1 = lines.get(1).split(",", -1);
        String[] a2 = lines.get(2).split(",", -1);
        String[] b2 = lines.get(3).split(",", -1);
        assertThat(List.of(a1[0], a1[1], a1[load], a1[count], a1[cpu], a1[mem]))
                .containsExactly(t1, "a", "0.5", "2", "0.375", "150");
        assertThat(List.of(a2[0], a2[1], a2[load], a2[count], a2[cpu])).containsExactly(t2, "a", "0.7", "1", "0.5");
        assertThat(List.of(b2[0], b2[1], b2[load], b2[count], b2[cpu], b2[mem]))
                .containsExactly(t2, "b", "2", "1", "1", "7");
    }

    @Test
    void aTableMergeDoesNotJoinIsNamedAndLeftOutNeverARefusal() throws Exception {
        String t1 = "2026-11-24T10:00:01.000Z";
        file("os/n1.csv", OsTables.OS, row(OsTables.OS, t1, "n1", Map.of("load1", "0.5")));
        file("os/n1.disk.csv", OsTables.OS_DISK, row(OsTables.OS_DISK, t1, "n1", Map.of("device", "vda")));
        // A table this build does not know, in both monitors' directories: a node named "n1.tcp" it is not.
        Files.writeString(
                run.resolve("os/n1.tcp.csv"),
                "timestamp,interval_ms,node,agent_id,seq,established\n" + t1 + ",1000,n1,a,1,7\n");
        Files.createDirectories(run.resolve("container"));
        Files.writeString(
                run.resolve("container/c1.sched.csv"),
                "timestamp,interval_ms,node,agent_id,seq,run_delay_seconds\n" + t1 + ",1000,n1,a,1,0.5\n");
        StringWriter progress = new StringWriter();
        long rows = new RunMerger(new PrintWriter(progress)).merge(run, run.resolve("merged.csv"));
        assertThat(rows).isEqualTo(1);
        assertThat(progress.toString())
                .contains("joining os (1 file(s)) and container (0 file(s))")
                .contains("os/n1.disk.csv (os_disk)")
                .contains("os/n1.tcp.csv (no known table)")
                .contains("container/c1.sched.csv (no known table)");
        List<String> lines = Files.readAllLines(run.resolve("merged.csv"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith(t1 + ",n1,");
    }

    @Test
    void aDirectoryThatIsNotARunIsRefused() {
        RunFixture.Result r = RunFixture.kubemon("merge", run.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).isEqualTo("kubemon: " + io.kubemon.common.schema.RunLayout.notARun(run));
    }
}
