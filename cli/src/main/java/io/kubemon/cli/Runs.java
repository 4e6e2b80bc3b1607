package io.kubemon.cli;

import io.kubemon.common.wire.RunEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

@Command(
        name = "runs",
        description = "The collector's runs, oldest first: directory, id, state, rows, rows missing, size, start "
                + "(GET /runs). Fetch one by either name: kubemon fetch DIR_OR_ID.")
class Runs extends Base {
    @picocli.CommandLine.Mixin
    CollectorOption collector;

    @picocli.CommandLine.Mixin
    JsonOption jsonOption;

    @Override
    boolean json() {
        return jsonOption.on || root.json;
    }

    @Override
    public Integer call() {
        JsonNode n = collector.api(root).get("/runs");
        RunEntry.Listing listing = typed(n, RunEntry.Listing.class);
        return print(n, () -> table(listing.runs()).forEach(out()::println));
    }

    /** The runs as aligned columns, a header first; "(no runs)" when there are none. */
    static List<String> table(List<RunEntry> runs) {
        if (runs == null || runs.isEmpty()) {
            return List.of("(no runs)");
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"DIRECTORY", "ID", "STATE", "ROWS", "MISSING", "SIZE", "STARTED"});
        for (RunEntry r : runs) {
            rows.add(new String[] {
                r.outputDir(),
                r.runId() == null ? "-" : r.runId(),
                r.error() != null ? "unreadable" : r.state() == null ? "-" : StatusText.state(r.state()),
                r.rows() == null ? "-" : Long.toString(r.rows()),
                r.missingRows() == null ? "-" : Long.toString(r.missingRows()),
                r.bytes() < 0 ? "-" : size(r.bytes()),
                r.startedAt() == null ? "-" : r.startedAt().toString().replaceFirst("\\.\\d+Z$", "Z")
            });
        }
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                b.append(i == 0 ? "" : "  ").append(String.format("%-" + width[i] + "s", row[i]));
            }
            out.add(b.toString().stripTrailing());
        }
        return out;
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** The directory of the run named {@code dirOrId} on the collector: a run directory as is, else the run with that id. */
    static String directoryOf(List<RunEntry> runs, String dirOrId) {
        for (RunEntry r : runs) {
            if (dirOrId.equals(r.outputDir())) {
                return r.outputDir();
            }
        }
        for (RunEntry r : runs) {
            if (dirOrId.equals(r.runId())) {
                return r.outputDir();
            }
        }
        return null;
    }
}
