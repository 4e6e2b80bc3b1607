package io.kubemon.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubemon.common.schema.EventsTable;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A run's events in its report: on the timeline of the run, each aimed at the charts it concerns
 * (a container's at that container, a node's at the node, the run's own and the marks at every
 * chart), never drawn as a table of charts; and {@code --align} putting each run's mark at zero.
 */
class EventsReportTest {
    private static final String CPU = "3b4d6e995887eb8206bd7c3d867fe2da21b32affa7facd0514aeb0730be650c2";

    @TempDir
    Path tmp;

    /** An events file in the run, its rows as the collector writes them. */
    private static void events(Path run, String source, String... rows) throws Exception {
        Path dir = Files.createDirectories(run.resolve("events"));
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", EventsTable.EVENTS.header()));
        lines.addAll(List.of(rows));
        Files.write(dir.resolve(source + ".csv"), lines);
    }

    /** timestamp, node, kind, container id, name, pod, namespace, pid, detail, source. */
    private static String row(
            String ts, String node, String kind, String id, String name, String detail, String source) {
        return ts + ",0," + node + ",a1,1," + kind + "," + id + "," + name + ",,,," + detail + "," + source;
    }

    private static JsonNode data(List<Path> runs, String align) throws Exception {
        StringWriter out = new StringWriter();
        new Report(Report.Options.defaults().withAlign(align)).write(runs, out, Report.Progress.NONE);
        return Report.data(out.toString());
    }

    @Test
    void eachEventIsOnTheTimelineAimedAtWhatItConcernsAndNotDrawnAsATable() throws Exception {
        Path run = ReportTest.copyFixture(tmp, "with-events");
        events(
                run,
                "vm",
                row("2026-11-25T23:27:14.200Z", "vm", "oom_kill", CPU, "rep-cpu", "1 process(es) killed", "cgroup"),
                row("2026-11-25T23:27:15.000Z", "vm", "ticks_missed", "", "", "2 tick(s)", "sampler"));
        events(
                run,
                "collector",
                row("2026-11-25T23:27:11.934Z", "collector", "run_started", "", "", "into exp", "collector"),
                row("2026-11-25T23:27:13.500Z", "collector", "mark", "", "", "phase 2", "mark"));
        JsonNode d = data(List.of(run), null);
        JsonNode ev = d.get("runs").get(0).get("events");
        assertThat(ev)
                .extracting(e -> e.get("kind").asString())
                .containsExactly("run_started", "mark", "oom_kill", "ticks_missed");
        assertThat(ev)
                .extracting(e -> e.get("target").asString())
                .containsExactly("*", "*", "container:rep-cpu@vm", "node:vm");
        assertThat(ev.get(2).get("subject").asString()).isEqualTo("container rep-cpu");
        double start = d.get("runs").get(0).get("startMs").asDouble();
        assertThat(ev.get(1).get("t").asDouble()).isEqualTo((1_795_649_233_500L - start) / 1000.0);
        assertThat(d.get("sections"))
                .as("the events table is a timeline, not a section of charts")
                .noneMatch(s -> s.get("key").asString().startsWith("events"));
    }

    @Test
    void alignPutsEachRunsMarkAtZeroAndARunWithoutItIsRefused() throws Exception {
        Path a = ReportTest.copyFixture(tmp, "a");
        Path b = ReportTest.copyFixture(tmp, "b");
        events(a, "collector", row("2026-11-25T23:27:13.000Z", "collector", "mark", "", "", "load on", "mark"));
        events(b, "collector", row("2026-11-25T23:27:15.500Z", "collector", "mark", "", "", "load on", "mark"));
        JsonNode d = data(List.of(a, b), "load on");
        double start = d.get("runs").get(0).get("startMs").asDouble();
        assertThat(d.get("runs").get(0).get("offset").asDouble()).isEqualTo((1_795_649_233_000L - start) / 1000.0);
        assertThat(d.get("runs").get(1).get("offset").asDouble()).isEqualTo((1_795_649_235_500L - start) / 1000.0);
        assertThat(d.get("runs").get(1).get("offset").asDouble()
                        - d.get("runs").get(0).get("offset").asDouble())
                .as("run b is shifted by its mark's offset from a's")
                .isEqualTo(2.5);
        assertThat(d.get("runs").get(0).get("align").asString()).isEqualTo("load on");
        assertThatThrownBy(() -> data(List.of(a, b), "phase 3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no mark 'phase 3'")
                .hasMessageContaining("load on");
    }
}
