package io.kubemon.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The report of one or more runs: one self-contained HTML file (uPlot, its data and the page's
 * script inlined; a Content-Security-Policy that lets it make no request of any kind), so it opens
 * offline by double-click and can be mailed or archived with the run. Several runs are drawn on
 * one relative time axis, a series per run, matched by node and container name.
 */
public final class Report {

    /**
     * @param pointBudget        numbers embedded over all series of a run (the file's size is about 5 bytes a number)
     * @param maxPointsPerSeries at most this many points a series however few series there are
     * @param minPointsPerSeries at least this many however many (a huge cluster gets a bigger file, not unreadable charts)
     * @param threads            files read at once
     * @param align              a mark's label: each run's axis starts at that mark (null: at the run's start)
     * @param comparison         compare's answer for the runs, drawn first (null: none)
     */
    public record Options(
            long pointBudget,
            int maxPointsPerSeries,
            int minPointsPerSeries,
            int threads,
            String align,
            io.kubemon.report.compare.Comparison.Shown comparison) {
        public static Options defaults() {
            return new Options(2_500_000, 2400, 120, Runtime.getRuntime().availableProcessors(), null, null);
        }

        public Options withPointBudget(long budget) {
            return new Options(budget, maxPointsPerSeries, minPointsPerSeries, threads, align, comparison);
        }

        /** A comparison section before the charts: each changed metric's ratio and interval (kubemon report --vs). */
        public Options withComparison(io.kubemon.report.compare.Comparison.Shown shown) {
            return new Options(pointBudget, maxPointsPerSeries, minPointsPerSeries, threads, align, shown);
        }

        /**
         * Each run's time axis from its first mark labelled {@code label} instead of its start:
         * compared runs line up at that moment of their workloads.
         */
        public Options withAlign(String label) {
            return new Options(pointBudget, maxPointsPerSeries, minPointsPerSeries, threads, label, comparison);
        }
    }

    /** Progress of the reading, per run: bytes of its files read so far. */
    @FunctionalInterface
    public interface Progress {
        void update(String run, long doneBytes, long totalBytes);

        Progress NONE = (run, done, total) -> {};
    }

    /** What a report holds: for the command line's last line and for tests. */
    public record Summary(int runs, int sections, int charts, int series, long rows, List<String> warnings) {}

    /** The page makes no request of any kind: scripts and styles inline, images as data: URLs only. */
    public static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private final Options options;

    public Report(Options options) {
        this.options = options;
    }

    /** Reads the runs and writes the report of them; a directory that is not a run is refused before anything is written. */
    public Summary write(List<Path> runDirs, Writer out, Progress progress) throws IOException {
        if (runDirs.isEmpty()) {
            throw new IllegalArgumentException("no run directory given");
        }
        RunReader reader = new RunReader(options, progress);
        List<RunData> runs = new ArrayList<>();
        for (Path dir : runDirs) {
            RunData r = reader.read(dir);
            if (options.align() != null && alignAt(r, options.align()) == null) {
                throw new IllegalArgumentException(
                        dir + " has no mark '" + options.align() + "' to align on (its marks: "
                                + r.events().stream()
                                        .filter(e -> e.kind().equals("mark"))
                                        .map(EventRow::detail)
                                        .toList()
                                + ")");
            }
            runs.add(r);
        }
        return render(runs, out);
    }

    /**
     * The instant of the run's first mark labelled {@code label}, else of its first mark whose label
     * starts with it ("command started" for kubemon run's), or null; as compare --align reads it.
     */
    private static Long alignAt(RunData r, String label) {
        for (boolean exact : new boolean[] {true, false}) {
            Long at = r.events().stream()
                    .filter(e -> e.kind().equals("mark")
                            && (exact ? e.detail().equals(label) : e.detail().startsWith(label)))
                    .map(EventRow::timestampMs)
                    .findFirst()
                    .orElse(null);
            if (at != null) {
                return at;
            }
        }
        return null;
    }

    private Summary render(List<RunData> runs, Writer out) throws IOException {
        // Sections matched by key across runs; each chart gets the series of every run.
        Map<String, List<Section>> byKey = new LinkedHashMap<>();
        Map<String, Section> first = new LinkedHashMap<>();
        Map<Section, Integer> runOf = new java.util.IdentityHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            RunData r = runs.get(i);
            for (Section s : r.sections()) {
                runOf.put(s, i);
                first.putIfAbsent(s.key(), s);
                byKey.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s);
            }
        }
        List<Section> order = new ArrayList<>(first.values());
        order.sort(Section.ORDER);

        List<String> warnings = new ArrayList<>();
        List<ReportJson.Run> runsJson = new ArrayList<>();
        long rows = 0;
        for (RunData r : runs) {
            rows += r.rows();
            if (r.unplaced() > 0) {
                warnings.add(
                        r.unplaced() + " process row(s) of " + r.dir() + " name a container without a container file");
            }
            Long alignMs = options.align() == null ? null : alignAt(r, options.align());
            List<ReportJson.Event> events = new ArrayList<>(r.events().size());
            for (EventRow e : r.events()) {
                events.add(new ReportJson.Event(
                        ReportJson.number((e.timestampMs() - r.grid().startMs()) / 1000.0),
                        Instant.ofEpochMilli(e.timestampMs()).toString(),
                        e.node(),
                        e.kind(),
                        e.subject(),
                        e.detail(),
                        e.source(),
                        e.target()));
            }
            runsJson.add(new ReportJson.Run(
                    r.runId(),
                    r.dir().getFileName() == null
                            ? r.dir().toString()
                            : r.dir().getFileName().toString(),
                    r.grid().startMs(),
                    r.grid().intervalMs(),
                    r.grid().bucketMs(),
                    r.grid().minMax(),
                    r.grid().ticks(),
                    r.rows(),
                    r.unplaced(),
                    ReportJson.number(alignMs == null ? 0 : (alignMs - r.grid().startMs()) / 1000.0),
                    options.align() == null ? "" : options.align(),
                    events,
                    r.meta() == null ? null : io.kubemon.common.wire.RunRecords.tree(r.meta()),
                    ReportJson.numbers(r.grid().x())));
        }
        String d = ReportJson.MAPPER.writeValueAsString(
                new ReportJson.Data(Instant.now().toString(), runsJson, warnings, options.comparison()));

        String page = resource("io/kubemon/report/report.html");
        String title =
                runs.size() == 1 ? "kubemon run " + runs.get(0).runId() : "kubemon: " + runs.size() + " runs compared";
        int at = page.indexOf("@DATA@");
        int sectionsAt = page.indexOf("@SECTIONS@");
        out.write(page.substring(0, at)
                .replace("@TITLE@", escapeHtml(title))
                .replace("@CSP@", CONTENT_SECURITY_POLICY)
                .replace("@UPLOT_CSS@", resource(UPLOT + "uPlot.min.css"))
                .replace("@APP_CSS@", resource("io/kubemon/report/report.css")));
        out.append(d);
        out.write(page.substring(at + "@DATA@".length(), sectionsAt)
                .replace("@UPLOT_JS@", resource(UPLOT + "uPlot.iife.min.js"))
                .replace("@APP_JS@", appScript()));
        // Each section its own data element, followed by the call that adds it to the page: the
        // browser draws the first view while it still parses the rest of a large report (one
        // 20-MB data element held the first chart back until all of it was parsed).
        int charts = 0;
        int series = 0;
        for (Section head : order) {
            ReportJson.Section sd = section(head, byKey.get(head.key()), runOf, runs);
            charts += sd.charts().size();
            for (ReportJson.Chart c : sd.charts()) {
                series += c.series().size();
            }
            out.write("<script type=\"application/json\" class=\"kubemon-section\">");
            out.write(ReportJson.MAPPER.writeValueAsString(sd));
            out.write("</script><script>kubemonSection()</script>\n");
        }
        out.write(page.substring(sectionsAt + "@SECTIONS@".length()));
        out.flush();
        return new Summary(runs.size(), order.size(), charts, series, rows, List.copyOf(warnings));
    }

    /**
     * The data a report holds, read back out of its HTML: the runs, warnings and every section
     * with its charts and series (as drawn: rates, min/max buckets). For scripts and tests.
     */
    public static tools.jackson.databind.JsonNode data(String html) {
        JsonMapper json = JsonMapper.builder().build();
        String open = "<script id=\"kubemon-data\" type=\"application/json\">";
        int from = html.indexOf(open);
        if (from < 0) {
            throw new IllegalArgumentException("not a kubemon report: no kubemon-data element");
        }
        from += open.length();
        var root = (tools.jackson.databind.node.ObjectNode)
                json.readTree(html.substring(from, html.indexOf("</script>", from)));
        var sections = root.putArray("sections");
        String section = "<script type=\"application/json\" class=\"kubemon-section\">";
        for (int at = html.indexOf(section); at >= 0; at = html.indexOf(section, at)) {
            at += section.length();
            sections.add(json.readTree(html.substring(at, html.indexOf("</script>", at))));
        }
        return root;
    }

    /** One section's charts, each with the series of every run that has it. */
    private static ReportJson.Section section(
            Section head, List<Section> ofRuns, Map<Section, Integer> runOf, List<RunData> runs) {
        // Chart ids in the order of the first run that has them.
        Map<String, Chart> chartOrder = new LinkedHashMap<>();
        for (Section s : ofRuns) {
            s.charts().forEach(chartOrder::putIfAbsent);
        }
        List<ReportJson.Chart> charts = new ArrayList<>();
        // A series or chart with no value in the files is said, not silently left out.
        List<String> noData = new ArrayList<>();
        for (Chart c : chartOrder.values()) {
            List<ReportJson.Series> series = new ArrayList<>();
            java.util.Set<String> empty = new java.util.LinkedHashSet<>();
            for (Section s : ofRuns) {
                Chart rc = s.charts().get(c.id);
                if (rc == null) {
                    continue;
                }
                int run = runOf.get(s);
                for (Map.Entry<String, Series> e : rc.series.entrySet()) {
                    if (e.getValue().empty()) {
                        empty.add(e.getKey());
                        continue;
                    }
                    StringBuilder points = new StringBuilder();
                    e.getValue().writePoints(runs.get(run).grid().minMax(), points);
                    series.add(new ReportJson.Series(
                            e.getKey(), run, e.getValue().style.name().toLowerCase(), points.toString()));
                }
            }
            if (series.isEmpty()) {
                noData.add(c.title); // nothing to draw: the columns are empty on these hosts
                continue;
            }
            charts.add(new ReportJson.Chart(c.id, c.title, c.unit, empty, series));
        }
        return new ReportJson.Section(
                head.kind(), head.key(), head.title(), head.group(), head.subtitle(), charts, noData);
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The report's script, in parts by job (js/), joined in this order inside one function scope. */
    static final List<String> SCRIPT_PARTS = List.of("base", "header", "compare", "sections", "chart", "marks", "view");

    private static String appScript() throws IOException {
        StringBuilder js = new StringBuilder("(function () {\n");
        for (String part : SCRIPT_PARTS) {
            js.append(resource("io/kubemon/report/js/" + part + ".js"));
        }
        return js.append("})();\n").toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Report.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
