package io.kubemon.common.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one place that knows a run's file layout: {@code <monitor>/<source><suffix>.csv}, both ways. */
class RunLayoutTest {
    @TempDir
    Path run;

    private Path file(String monitor, String name, String header) throws Exception {
        Path dir = Files.createDirectories(run.resolve(monitor));
        Files.writeString(dir.resolve(name), header + "\n");
        return dir;
    }

    @Test
    void aTableNamesItsFileAndTheFileNamesItsTableAndSource() throws Exception {
        assertThat(OsTables.OS_DISK.fileName("node-1")).isEqualTo("node-1.disk.csv");
        assertThat(OsTables.OS.fileName("../etc")).as("made safe").isEqualTo("_._etc.csv");
        for (Table t : Schemas.ALL) {
            Path dir = file(t.monitor(), t.fileName("n1.lab"), String.join(",", t.header()));
            assertThat(RunLayout.locate(dir, t.fileName("n1.lab")))
                    .as(t.name())
                    .contains(new RunLayout.Located(t, "n1.lab"));
        }
    }

    @Test
    void aFileOfATableThisBuildDoesNotKnowIsUnknownNotANodeWithADotInItsName() throws Exception {
        Path os = file("os", "n1.tcp.csv", "timestamp,interval_ms,node,agent_id,seq,established");
        assertThat(RunLayout.locate(os, "n1.tcp.csv")).isEmpty();
        assertThat(RunLayout.locate(os, "notes.txt")).isEmpty();
        Path container = file("container", "c1.sched.csv", "timestamp,interval_ms,node,agent_id,seq,run_delay");
        assertThat(RunLayout.locate(container, "c1.sched.csv")).isEmpty();
    }

    @Test
    void anEarlierVersionOfATableIsStillItsTable() throws Exception {
        // Later versions add columns; the prefix and the first column stay.
        Path os = file("os", "old.csv", "timestamp,interval_ms,node,agent_id,seq,cpu_user_seconds,load1");
        assertThat(RunLayout.locate(os, "old.csv")).contains(new RunLayout.Located(OsTables.OS, "old"));
        Path empty = file("os", "new.disk.csv", "");
        assertThat(RunLayout.locate(empty, "new.disk.csv"))
                .as("a file without its header yet: by its name")
                .contains(new RunLayout.Located(OsTables.OS_DISK, "new"));
    }

    @Test
    void oneScanFindsEveryTablesFilesAndNamesTheOthers() throws Exception {
        for (Table t : Schemas.ALL) {
            file(t.monitor(), t.fileName("n1"), String.join(",", t.header()));
        }
        file("os", "n1.tcp.csv", "timestamp,interval_ms,node,agent_id,seq,established");
        file("os", "notes.txt", "not a table");
        RunLayout.Scan scan = RunLayout.scan(run);
        assertThat(scan.byTable().keySet()).containsExactlyElementsOf(Schemas.ALL);
        for (Table t : Schemas.ALL) {
            assertThat(scan.of(t)).containsExactly(run.resolve(t.monitor()).resolve(t.fileName("n1")));
            assertThat(scan.located().get(scan.of(t).get(0))).isEqualTo(new RunLayout.Located(t, "n1"));
        }
        assertThat(scan.unknown()).containsExactly("os/n1.tcp.csv");
    }

    @Test
    void aRunAnExportAndNeitherAreToldApartAndNeitherIsSaidInOneWording() throws Exception {
        assertThat(RunLayout.holdsRun(run)).isFalse();
        assertThat(RunLayout.notARun(run))
                .isEqualTo(run + " is not a kubemon run: it holds no run.json, none of os/, container/, process/, "
                        + "events/ and no exported <table>.parquet");
        assertThat(RunLayout.notARun(run.resolve("absent"))).endsWith("is not a kubemon run: it does not exist");
        Files.writeString(run.resolve("f"), "");
        assertThat(RunLayout.notARun(run.resolve("f"))).endsWith("is not a kubemon run: it is not a directory");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunLayout.requireRunOrExport(run))
                .isInstanceOf(RunLayout.NotARunException.class)
                .hasMessage(RunLayout.notARun(run));

        Path export = Files.createDirectories(run.resolve("parquet"));
        Files.writeString(RunLayout.parquet(export, OsTables.OS), "");
        assertThat(RunLayout.holdsExport(export)).isTrue();
        assertThat(RunLayout.holdsRun(export)).isFalse();
        Files.createDirectories(run.resolve("os"));
        assertThat(RunLayout.holdsRun(run)).isTrue();
        assertThat(RunLayout.requireRunOrExport(export)).isEqualTo(export);
    }
}
