package io.kubemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kubemon.common.schema.ContainerTables;
import io.kubemon.common.schema.EventsTable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * compare on runs made with known values: a Deployment's container matched across runs whose pod
 * names differ, its CPU doubled and found with its interval, its memory unchanged and not flagged,
 * a container of one side listed, the window measured from a mark, and every refusal in words.
 */
class CompareTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path tmp;

    /**
     * A run of 20 one-second rows of the shop/web Deployment's nginx (a pod name of its own), using
     * {@code cpu} cores after the mark at +5 s and 3 cores before it; a sidecar where asked.
     */
    private Path run(String name, double cpu, boolean sidecar, long seed) throws IOException {
        RunFixture f = new RunFixture(tmp.resolve(name));
        f.finished(name);
        SplittableRandom r = new SplittableRandom(seed);
        String pod = "web-7d9f8c6b5-" + "bcdfg".charAt(r.nextInt(5)) + "x2k" + "qz".charAt(r.nextInt(2));
        List<String> rows = new ArrayList<>();
        List<String> side = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            String ts = T0.plusSeconds(i).toString().replace("Z", ".000Z");
            double used = i <= 5 ? 3.0 : cpu * (1 + 0.04 * (r.nextDouble() - 0.5));
            rows.add(RunFixture.row(
                    ContainerTables.CONTAINER,
                    ts,
                    "n1",
                    Map.of(
                            "container_name",
                            "k8s_nginx_" + pod,
                            "pod",
                            pod,
                            "namespace",
                            "shop",
                            "kube_container",
                            "nginx",
                            "cpu_usage_seconds",
                            Double.toString(used),
                            "memory_usage_bytes",
                            Long.toString(100_000_000 + r.nextInt(1000)))));
            side.add(RunFixture.row(
                    ContainerTables.CONTAINER,
                    ts,
                    "n1",
                    Map.of("container_name", "sidecar", "memory_usage_bytes", "5")));
        }
        f.file("container/shop_" + pod + "_nginx.csv", ContainerTables.CONTAINER, rows.toArray(String[]::new));
        if (sidecar) {
            f.file("container/sidecar.csv", ContainerTables.CONTAINER, side.toArray(String[]::new));
        }
        f.file(
                "events/n1.csv",
                EventsTable.EVENTS,
                RunFixture.row(
                        EventsTable.EVENTS,
                        T0.plusSeconds(5).toString().replace("Z", ".000Z"),
                        "n1",
                        Map.of("kind", "mark", "detail", "load started", "source", "mark")));
        return f.dir();
    }

    private List<String> runs(String prefix, int n, double cpu, boolean sidecar) throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(run(prefix + i, cpu, sidecar, prefix.hashCode() * 31L + i).toString());
        }
        return out;
    }

    private static List<String> args(List<String> a, List<String> b, String... more) {
        List<String> out = new ArrayList<>(List.of("compare"));
        out.addAll(a);
        out.add("--vs");
        out.addAll(b);
        out.addAll(List.of(more));
        return out;
    }

    private static JsonNode find(JsonNode rows, String entity, String metric) {
        for (JsonNode r : rows) {
            if (r.get("entity").asString().equals(entity)
                    && r.get("metric").asString().equals(metric)) {
                return r;
            }
        }
        throw new AssertionError("no row " + entity + " " + metric + " in " + rows);
    }

    @Test
    void aDoubledCpuIsFoundWithItsIntervalAndAnUnchangedMemoryIsNot() throws IOException {
        List<String> a = runs("base", 5, 0.3, true);
        List<String> b = runs("treat", 5, 0.6, false);
        RunFixture.Result res = RunFixture.kubemon(args(a, b, "--json", "--align", "load started", "--window", "0s..")
                .toArray(String[]::new));
        assertThat(res.exit()).as(res.err()).isZero();
        JsonNode rows = JSON.readTree(res.out());
        JsonNode cpu = find(rows, "shop/web/nginx", "cpu_usage_seconds");
        assertThat(cpu.get("a_runs").asInt()).isEqualTo(5);
        assertThat(cpu.get("b_runs").asInt()).isEqualTo(5);
        assertThat(cpu.get("a_mean").asDouble()).isCloseTo(0.3, within(0.01));
        assertThat(cpu.get("ratio").asDouble()).isCloseTo(2.0, within(0.03));
        assertThat(cpu.get("ci_low").asDouble()).isLessThan(2.0).isGreaterThan(1.9);
        assertThat(cpu.get("ci_high").asDouble()).isGreaterThan(2.0).isLessThan(2.1);
        assertThat(cpu.get("changed").asBoolean()).isTrue();
        assertThat(cpu.get("resampled").asString()).isEqualTo("runs");
        JsonNode mem = find(rows, "shop/web/nginx", "memory_usage_bytes");
        assertThat(mem.get("changed").asBoolean()).isFalse();
        assertThat(mem.get("ci_low").asDouble()).isLessThanOrEqualTo(1.0);
        JsonNode side = find(rows, "sidecar", "memory_usage_bytes");
        assertThat(side.get("a_runs").asInt()).isEqualTo(5);
        assertThat(side.get("b_runs").asInt()).isZero();
        assertThat(side.get("resampled").asString()).isEqualTo("only in A");
        List<String> names = new ArrayList<>();
        rows.get(0).propertyNames().forEach(names::add);
        assertThat(names).containsExactlyElementsOf(CompareText.FIELDS);
        // The biggest change first.
        assertThat(rows.get(0).get("metric").asString()).isEqualTo("cpu_usage_seconds");
    }

    @Test
    void theWindowIsMeasuredFromTheMarkAndTheWholeRunOtherwise() throws IOException {
        List<String> a = runs("base", 2, 0.3, false);
        List<String> b = runs("treat", 2, 0.6, false);
        // The whole run holds the five intervals (of twenty) of 3 cores before the mark: its means are higher.
        RunFixture.Result whole = RunFixture.kubemon(
                args(a, b, "--json", "--metric", "cpu_usage_seconds").toArray(String[]::new));
        double wholeA = find(JSON.readTree(whole.out()), "shop/web/nginx", "cpu_usage_seconds")
                .get("a_mean")
                .asDouble();
        assertThat(wholeA).isCloseTo((5 * 3.0 + 15 * 0.3) / 20, within(0.01));
        RunFixture.Result aligned = RunFixture.kubemon(
                args(a, b, "--json", "--metric", "cpu_usage_seconds", "--align", "load", "--window", "2s..10s")
                        .toArray(String[]::new));
        JsonNode cpu = find(JSON.readTree(aligned.out()), "shop/web/nginx", "cpu_usage_seconds");
        assertThat(cpu.get("a_mean").asDouble()).isCloseTo(0.3, within(0.01));
        assertThat(aligned.err()).contains("2 s to 10 s from the mark 'load'").contains("A 2 runs against B 2 runs");
    }

    @Test
    void aSingleRunASideIsResampledByBlocksAndSaysSo() throws IOException {
        List<String> a = runs("one", 1, 0.3, false);
        List<String> b = runs("other", 1, 0.6, false);
        RunFixture.Result res =
                RunFixture.kubemon(args(a, b, "--csv", "--align", "load", "--metric", "cpu_usage_seconds")
                        .toArray(String[]::new));
        assertThat(res.exit()).as(res.err()).isZero();
        assertThat(res.out().lines().findFirst().orElseThrow()).isEqualTo(String.join(",", CompareText.FIELDS));
        assertThat(res.out()).contains(",blocks\n");
        assertThat(res.err()).contains("blocks of the intervals of a side with one run");
    }

    @Test
    void theTableListsTheChangedAndSaysWhatIsOnOneSideOnly() throws IOException {
        RunFixture.Result res =
                RunFixture.kubemon(args(runs("base", 3, 0.3, true), runs("treat", 3, 0.6, false), "--align", "load")
                        .toArray(String[]::new));
        assertThat(res.exit()).as(res.err()).isZero();
        assertThat(res.out())
                .contains("shop/web/nginx")
                .contains("cpu_usage_seconds")
                .contains("changed")
                .contains("only in A (1): container sidecar")
                .doesNotContain("memory_usage_bytes");
    }

    @Test
    void refusalsSayWhatIsWrong() throws IOException {
        List<String> a = runs("base", 1, 0.3, false);
        List<String> b = runs("treat", 1, 0.6, false);
        RunFixture.Result mark =
                RunFixture.kubemon(args(a, b, "--align", "nope").toArray(String[]::new));
        assertThat(mark.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(mark.err())
                .contains("has no such mark")
                .contains("'load started'")
                .contains(a.get(0));
        RunFixture.Result window =
                RunFixture.kubemon(args(a, b, "--window", "10s..5s").toArray(String[]::new));
        assertThat(window.err()).contains("TO must come after FROM");
        RunFixture.Result notDuration =
                RunFixture.kubemon(args(a, b, "--window", "ten..").toArray(String[]::new));
        assertThat(notDuration.err()).contains("'ten' is not a duration");
        RunFixture.Result metric =
                RunFixture.kubemon(args(a, b, "--metric", "bogus").toArray(String[]::new));
        assertThat(metric.err()).contains("no table has such a column");
        RunFixture.Result effect =
                RunFixture.kubemon(args(a, b, "--min-effect", "lots").toArray(String[]::new));
        assertThat(effect.err()).contains("--min-effect takes a share");
        RunFixture.Result noVs = RunFixture.kubemon("compare", a.get(0));
        assertThat(noVs.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noVs.err()).contains("--vs");
        RunFixture.Result notRun = RunFixture.kubemon("compare", tmp.toString(), "--vs", b.get(0));
        assertThat(notRun.exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void theReportOfBothSidesPutsWhatChangedFirst() throws IOException {
        List<String> a = runs("base", 3, 0.3, false);
        List<String> b = runs("treat", 3, 0.6, false);
        Path html = tmp.resolve("cmp.html");
        List<String> args = new ArrayList<>(List.of("report"));
        args.addAll(a);
        args.add("--vs");
        args.addAll(b);
        args.addAll(List.of("--align", "load", "-o", html.toString()));
        RunFixture.Result res = RunFixture.kubemon(args.toArray(String[]::new));
        assertThat(res.exit()).as(res.err()).isZero();
        assertThat(res.out()).contains("6 run(s)").containsPattern("comparison: \\d+ of \\d+ metrics changed");
        JsonNode data = io.kubemon.report.Report.data(java.nio.file.Files.readString(html));
        assertThat(data.get("runs")).hasSize(6);
        JsonNode first = data.get("comparison").get("rows").get(0);
        assertThat(first.get("entity").asString()).isEqualTo("shop/web/nginx");
        assertThat(first.get("metric").asString()).isEqualTo("cpu_usage_seconds");
        assertThat(first.get("ratio").asDouble()).isCloseTo(2.0, within(0.05));
        assertThat(data.get("comparison").get("header").get(0).asString()).contains("A 3 runs against B 3 runs");
        RunFixture.Result noVs = RunFixture.kubemon("report", a.get(0), "--window", "1s..");
        assertThat(noVs.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noVs.err()).contains("--vs");
    }
}
