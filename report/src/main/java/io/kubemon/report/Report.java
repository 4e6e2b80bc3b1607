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
     */
    public record Options(long pointBudget, int maxPointsPerSeries, int minPointsPerSeries, int threads, String align) {
        public static Options defaults() {
            return new Options(2_500_000, 2400, 120, Runtime.getRuntime().availableProcessors(), null);
        }

        public Options withPointBudget(long budget) {
            return new Options(budget, maxPointsPerSeries, minPointsPerSeries, threads, align);
        }

        /**
         * Each run's time axis from its first mark labelled {@code label} instead of its start:
         * compared runs line up at that moment of their workloads.
         */
        public Options withAlign(String label) {
            return new Options(pointBudget, maxPointsPerSeries, minPointsPerSeries, threads, label);
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
    private final JsonMapper json = JsonMapper.builder().build();

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

    /** The instant of the run's first mark labelled {@code label}, or null. */
    private static Long alignAt(RunData r, String label) {
        return r.events().stream()
                .filter(e -> e.kind().equals("mark") && e.detail().equals(label))
                .map(EventRow::timestampMs)
                .findFirst()
                .orElse(null);
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

        StringBuilder d = new StringBuilder(1 << 20);
        List<String> warnings = new ArrayList<>();
        long rows = 0;
        d.append("{\"generatedAt\":");
        str(d, Instant.now().toString());
        d.append(",\"runs\":[");
        for (int i = 0; i < runs.size(); i++) {
            RunData r = runs.get(i);
            rows += r.rows();
            if (r.unplaced() > 0) {
                warnings.add(
                        r.unplaced() + " process row(s) of " + r.dir() + " name a container without a container file");
            }
            if (i > 0) {
                d.append(',');
            }
            d.append("{\"id\":");
            str(d, r.runId());
            d.append(",\"label\":");
            str(
                    d,
                    r.dir().getFileName() == null
                            ? r.dir().toString()
                            : r.dir().getFileName().toString());
            d.append(",\"startMs\":")
                    .append(r.grid().startMs())
                    .append(",\"intervalMs\":")
                    .append(r.grid().intervalMs())
                    .append(",\"bucketMs\":")
                    .append(r.grid().bucketMs())
                    .append(",\"minMax\":")
                    .append(r.grid().minMax())
                    .append(",\"ticks\":")
                    .append(r.grid().ticks())
                    .append(",\"rows\":")
                    .append(r.rows())
                    .append(",\"unplaced\":")
                    .append(r.unplaced())
                    .append(",\"offset\":");
            Long alignMs = options.align() == null ? null : alignAt(r, options.align());
            Numbers.append(d, alignMs == null ? 0 : (alignMs - r.grid().startMs()) / 1000.0);
            d.append(",\"align\":");
            str(d, options.align() == null ? "" : options.align());
            d.append(",\"events\":[");
            for (int k = 0; k < r.events().size(); k++) {
                EventRow e = r.events().get(k);
                d.append(k > 0 ? ",{\"t\":" : "{\"t\":");
                Numbers.append(d, (e.timestampMs() - r.grid().startMs()) / 1000.0);
                d.append(",\"at\":");
                str(d, Instant.ofEpochMilli(e.timestampMs()).toString());
                d.append(",\"node\":");
                str(d, e.node());
                d.append(",\"kind\":");
                str(d, e.kind());
                d.append(",\"subject\":");
                str(d, e.subject());
                d.append(",\"detail\":");
                str(d, e.detail());
                d.append(",\"source\":");
                str(d, e.source());
                d.append(",\"target\":");
                str(d, e.target());
                d.append('}');
            }
            d.append(']')
                    .append(",\"meta\":")
                    .append(
                            r.meta() == null
                                    ? "null"
                                    : safe(json.writeValueAsString(io.kubemon.common.wire.RunRecords.tree(r.meta()))))
                    .append(",\"x\":[");
            double[] x = r.grid().x();
            for (int k = 0; k < x.length; k++) {
                if (k > 0) {
                    d.append(',');
                }
                Numbers.append(d, x[k]);
            }
            d.append("]}");
        }
        d.append("],\"warnings\":[");
        for (int i = 0; i < warnings.size(); i++) {
            if (i > 0) {
                d.append(',');
            }
            str(d, warnings.get(i));
        }
        d.append("]}");

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
            StringBuilder sd = new StringBuilder(64 * 1024);
            int[] counts = section(head, byKey.get(head.key()), runOf, runs, sd);
            charts += counts[0];
            series += counts[1];
            out.write("<script type=\"application/json\" class=\"kubemon-section\">");
            out.append(sd);
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

    /** One section as JSON into {@code d}; returns its charts and series. */
    private static int[] section(
            Section head, List<Section> ofRuns, Map<Section, Integer> runOf, List<RunData> runs, StringBuilder d) {
        d.append("{\"kind\":");
        str(d, head.kind());
        d.append(",\"key\":");
        str(d, head.key());
        d.append(",\"title\":");
        str(d, head.title());
        d.append(",\"group\":");
        str(d, head.group());
        d.append(",\"subtitle\":");
        str(d, head.subtitle());
        d.append(",\"charts\":[");
        // Chart ids in the order of the first run that has them.
        Map<String, Chart> chartOrder = new LinkedHashMap<>();
        for (Section s : ofRuns) {
            s.charts().forEach(chartOrder::putIfAbsent);
        }
        int charts = 0;
        int series = 0;
        // A series or chart with no value in the files is said, not silently left out.
        List<String> noData = new java.util.ArrayList<>();
        for (Chart c : chartOrder.values()) {
            StringBuilder sd = new StringBuilder();
            java.util.Set<String> empty = new java.util.LinkedHashSet<>();
            int n = 0;
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
                    if (n++ > 0) {
                        sd.append(',');
                    }
                    sd.append("{\"label\":");
                    str(sd, e.getKey());
                    sd.append(",\"run\":")
                            .append(run)
                            .append(",\"style\":\"")
                            .append(e.getValue().style.name().toLowerCase())
                            .append("\",\"data\":");
                    e.getValue().writePoints(runs.get(run).grid().minMax(), sd);
                    sd.append('}');
                }
            }
            if (n == 0) {
                noData.add(c.title); // nothing to draw: the columns are empty on these hosts
                continue;
            }
            if (charts > 0) {
                d.append(',');
            }
            charts++;
            series += n;
            d.append("{\"id\":");
            str(d, c.id);
            d.append(",\"title\":");
            str(d, c.title);
            d.append(",\"unit\":");
            str(d, c.unit);
            d.append(",\"empty\":");
            strings(d, empty);
            d.append(",\"series\":[").append(sd).append("]}");
        }
        d.append("],\"noData\":");
        strings(d, noData);
        d.append('}');
        return new int[] {charts, series};
    }

    private static void strings(StringBuilder d, java.util.Collection<String> values) {
        d.append('[');
        int i = 0;
        for (String v : values) {
            if (i++ > 0) {
                d.append(',');
            }
            str(d, v);
        }
        d.append(']');
    }

    /** A JSON string safe inside a script element: no "</script" can close it early. */
    private static void str(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** JSON from Jackson made safe the same way: '<', '>' and '&' only occur inside its strings. */
    private static String safe(String jsonText) {
        return jsonText.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The report's script, in parts by job (js/), joined in this order inside one function scope. */
    static final List<String> SCRIPT_PARTS = List.of("base", "header", "sections", "chart", "marks", "view");

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
