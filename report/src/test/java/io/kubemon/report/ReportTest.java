package io.kubemon.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.opencsv.CSVWriter;
import java.io.FileWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The report of a real recorded run (fixtures/README.md): what it draws is what the files hold. */
class ReportTest {
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/run-docker-500ms");

    @TempDir
    Path tmp;

    static String render(List<Path> dirs) throws Exception {
        StringWriter out = new StringWriter();
        new Report(Report.Options.defaults()).write(dirs, out, Report.Progress.NONE);
        return out.toString();
    }

    static JsonNode data(String html) {
        return Report.data(html);
    }

    /** Every line of a CSV file, its header first. */
    static List<String[]> rows(Path csv) throws Exception {
        return io.kubemon.testsupport.CsvRows.lines(csv);
    }

    static JsonNode section(JsonNode d, String key) {
        for (JsonNode s : d.get("sections")) {
            if (s.get("key").asString().equals(key)) {
                return s;
            }
        }
        throw new AssertionError("no section " + key);
    }

    static JsonNode chart(JsonNode section, String id) {
        for (JsonNode c : section.get("charts")) {
            if (c.get("id").asString().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no chart " + id + " in " + section.get("key"));
    }

    static JsonNode series(JsonNode chart, String label) {
        for (JsonNode s : chart.get("series")) {
            if (s.get("label").asString().equals(label)) {
                return s;
            }
        }
        throw new AssertionError("no series " + label + " in " + chart.get("id"));
    }

    private static Set<String> distinct(Path csv, String... columns) throws Exception {
        List<String[]> all = rows(csv);
        List<String> header = List.of(all.get(0));
        Set<String> out = new HashSet<>();
        for (String[] row : all.subList(1, all.size())) {
            StringBuilder k = new StringBuilder();
            for (String c : columns) {
                k.append(row[header.indexOf(c)]).append('/');
            }
            out.add(k.toString());
        }
        return out;
    }

    @Test
    void everyNodeContainerAndProcessOfARealRunIsDrawn() throws Exception {
        String html = render(List.of(FIXTURE));
        JsonNode d = data(html);
        assertThat(d.get("runs")).hasSize(1);
        assertThat(d.get("runs").get(0).get("meta").get("runId").asString()).isEqualTo("run-ffbccdec");
        List<String> keys = new ArrayList<>();
        d.get("sections").forEach(s -> keys.add(s.get("key").asString()));
        assertThat(keys).containsExactly("node:vm", "container:rep-cpu@vm", "container:rep-mem@vm");

        JsonNode node = section(d, "node:vm");
        assertThat(chart(node, "net_bytes").get("series"))
                .as("received and sent per interface of the file")
                .hasSize(2
                        * distinct(FIXTURE.resolve("os/vm.net.csv"), "interface")
                                .size());
        assertThat(chart(node, "disk_bytes").get("series"))
                .hasSize(2
                        * distinct(FIXTURE.resolve("os/vm.disk.csv"), "device").size());
        for (String c : List.of("rep-cpu", "rep-mem")) {
            JsonNode s = section(d, "container:" + c + "@vm");
            assertThat(s.get("group").asString()).isEqualTo("Containers on vm");
            int processes = distinct(FIXTURE.resolve("process/" + c + ".csv"), "pid", "start_time_seconds")
                    .size();
            assertThat(chart(s, "top_cpu").get("series")).hasSize(Math.min(Charts.TOP_PROCESSES, processes));
            assertThat(chart(s, "top_memory").get("series")).hasSize(Math.min(Charts.TOP_PROCESSES, processes));
        }
        // The busy loop limited to half a core: a counter drawn as a rate over each row's own interval.
        JsonNode run = d.get("runs").get(0);
        JsonNode used =
                series(chart(section(d, "container:rep-cpu@vm"), "cpu"), "used").get("data");
        List<String[]> rows = rows(FIXTURE.resolve("container/rep-cpu.csv"));
        List<String> header = List.of(rows.get(0));
        int checked = 0;
        for (String[] row : rows.subList(1, rows.size())) {
            String usage = row[header.indexOf("cpu_usage_seconds")];
            if (usage.isEmpty()) {
                continue;
            }
            long t = Instant.parse(row[0]).toEpochMilli();
            int i = (int)
                    ((t - run.get("startMs").asLong()) / run.get("intervalMs").asLong());
            double expected = Double.parseDouble(usage) / (Double.parseDouble(row[1]) / 1000);
            assertThat(used.get(i).asDouble())
                    .as("cores at " + row[0])
                    .isCloseTo(expected, within(Math.abs(expected) * 1e-3 + 1e-9));
            checked++;
        }
        assertThat(checked).isGreaterThan(40);
        List<Double> cores = new ArrayList<>();
        used.forEach(v -> {
            if (!v.isNull()) {
                cores.add(v.asDouble());
            }
        });
        cores.sort(Double::compare);
        assertThat(cores.get(cores.size() / 2))
                .as("median cores of a container limited to 0.5")
                .isBetween(0.4, 0.55);
        assertThat(html).contains("Content-Security-Policy").contains("default-src 'none'");
        assertThat(html).doesNotContain("src=\"http").doesNotContain("href=\"http");
    }

    /** The recorded run copied to {@code into/name}, to add files to or break. */
    static Path copyFixture(Path into, String name) throws Exception {
        Path dir = into.resolve(name);
        try (Stream<Path> s = Files.walk(FIXTURE)) {
            for (Path p : s.toList()) {
                Path target = dir.resolve(FIXTURE.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return dir;
    }

    private static void rewrite(Path csv, List<String[]> rows) throws Exception {
        try (CSVWriter w = new CSVWriter(new FileWriter(csv.toFile()))) {
            w.writeAll(rows, false);
        }
    }

    @Test
    void aMissingTickIsAGapNotAnInterpolation() throws Exception {
        Path dir = copyFixture(tmp, "gap");
        Path os = dir.resolve("os/vm.csv");
        List<String[]> rows = rows(os);
        List<String[]> kept = new ArrayList<>(rows.subList(0, 21));
        kept.addAll(rows.subList(25, rows.size())); // rows 21..24: four ticks the agent did not deliver
        rewrite(os, kept);
        JsonNode d = data(render(List.of(dir)));
        JsonNode run = d.get("runs").get(0);
        long start = run.get("startMs").asLong();
        long interval = run.get("intervalMs").asLong();
        Set<Integer> missing = new HashSet<>();
        for (String[] r : rows.subList(21, 25)) {
            missing.add((int) ((Instant.parse(r[0]).toEpochMilli() - start) / interval));
        }
        JsonNode cpu = chart(section(d, "node:vm"), "cpu");
        for (JsonNode s : cpu.get("series")) {
            for (int i : missing) {
                assertThat(s.get("data").get(i).isNull())
                        .as(s.get("label") + " at a missing tick")
                        .isTrue();
            }
            int before = missing.stream().mapToInt(Integer::intValue).min().orElseThrow() - 1;
            int after = missing.stream().mapToInt(Integer::intValue).max().orElseThrow() + 1;
            assertThat(s.get("data").get(before).isNull()).isFalse();
            assertThat(s.get("data").get(after).isNull()).isFalse();
        }
    }

    @Test
    void whatTheFilesDoNotHoldIsSaidNotLeftOut() throws Exception {
        Path dir = copyFixture(tmp, "empty-columns");
        Path os = dir.resolve("os/vm.csv");
        List<String[]> rows = rows(os);
        List<String> header = List.of(rows.get(0));
        for (String[] r : rows.subList(1, rows.size())) {
            for (int i = 0; i < r.length; i++) {
                if (header.get(i).startsWith("psi_") || header.get(i).equals("load15")) {
                    r[i] = ""; // as on a kernel without /proc/pressure
                }
            }
        }
        rewrite(os, rows);
        JsonNode node = section(data(render(List.of(dir))), "node:vm");
        assertThat(node.get("noData").toString()).contains("Pressure stall");
        assertThat(node.get("charts").toString()).doesNotContain("\"id\":\"psi\"");
        JsonNode load = chart(node, "load");
        assertThat(load.get("empty").toString()).contains("load15");
        assertThat(load.get("series").toString()).doesNotContain("load15").contains("load5");
    }

    @Test
    void twoRunsAreComparedOnOneRelativeAxis() throws Exception {
        Path baseline = copyFixture(tmp, "baseline");
        JsonNode d = data(render(List.of(FIXTURE, baseline)));
        assertThat(d.get("runs")).hasSize(2);
        assertThat(d.get("runs").get(1).get("label").asString()).isEqualTo("baseline");
        JsonNode cpu = chart(section(d, "container:rep-cpu@vm"), "cpu");
        long first = 0;
        long second = 0;
        for (JsonNode s : cpu.get("series")) {
            if (s.get("run").asInt() == 0) {
                first++;
            } else {
                second++;
            }
        }
        assertThat(first).isEqualTo(second).isEqualTo(3);
    }

    @Test
    void aHostileCommandLineCannotCloseTheScript() throws Exception {
        Path dir = copyFixture(tmp, "hostile");
        Path csv = dir.resolve("process/rep-cpu.csv");
        List<String[]> rows = rows(csv);
        int command = List.of(rows.get(0)).indexOf("command");
        String evil = "\u2028sh -c \"</script><script>alert(1)</script>\" & <b>";
        for (String[] r : rows.subList(1, rows.size())) {
            r[command] = evil;
        }
        rewrite(csv, rows);
        String html = render(List.of(dir));
        int scripts = html.split("<script", -1).length - 1;
        assertThat(html.split("</script>", -1).length - 1)
                .as("only the page's own script elements close")
                .isEqualTo(scripts);
        JsonNode top = chart(section(data(html), "container:rep-cpu@vm"), "top_cpu");
        assertThat(top.get("series").get(0).get("label").asString()).contains("</script><script>alert(1)");
        assertThat(html).as("U+2028 ends a line in older JavaScript: escaped").doesNotContain("\u2028");
    }

    @Test
    void aDirectoryThatIsNoRunIsRefusedWithTheReason() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> render(List.of(tmp.resolve("empty"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a kubemon run: it holds no run.json");
        assertThatThrownBy(() -> render(List.of(tmp.resolve("absent"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a kubemon run: it does not exist");
    }

    @Test
    void theScriptIsEveryPartOnceInItsOrder() throws Exception {
        Path dir = Path.of("src/main/resources/io/kubemon/report/js");
        List<String> parts;
        try (Stream<Path> s = Files.list(dir)) {
            parts = s.map(p -> p.getFileName().toString().replace(".js", ""))
                    .sorted()
                    .toList();
        }
        assertThat(Report.SCRIPT_PARTS)
                .as("a part left out of Report.SCRIPT_PARTS is never run")
                .containsExactlyInAnyOrderElementsOf(parts);
        String html = render(List.of(FIXTURE));
        int last = -1;
        for (String part : Report.SCRIPT_PARTS) {
            String first = Files.readAllLines(dir.resolve(part + ".js")).get(1);
            int at = html.indexOf(first);
            assertThat(at)
                    .as("part " + part + " in the page, after the one before it")
                    .isGreaterThan(last);
            last = at;
        }
    }
}
