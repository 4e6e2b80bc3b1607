package io.kubemon.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of each run that compare reads: {@code FROM..TO} from the run's start, or from its
 * {@code --align} mark; either end open. A run without the mark is refused by name: a window
 * measured from the wrong place is a silent wrong answer.
 */
record CompareWindow(Long fromMs, Long toMs) {
    private static final Pattern DURATION = Pattern.compile("(-?)(\\d+)(ms|s|m)?");
    /** Open ends: instants no run reaches (DuckDB's microseconds stay in range). */
    private static final long EARLIEST = 0;

    private static final long LATEST = 4_102_444_800_000L; // 2100-01-01

    static CompareWindow parse(String text) {
        if (text == null) {
            return new CompareWindow(null, null);
        }
        int dots = text.indexOf("..");
        if (dots < 0) {
            throw new CliException(ExitCodes.USAGE, "--window takes FROM..TO (10s..70s, 1m..), not '" + text + "'");
        }
        Long from = duration(text.substring(0, dots), text);
        Long to = duration(text.substring(dots + 2), text);
        if (from != null && to != null && to <= from) {
            throw new CliException(ExitCodes.USAGE, "--window " + text + " is empty: TO must come after FROM");
        }
        return new CompareWindow(from, to);
    }

    private static Long duration(String s, String whole) {
        if (s.isBlank()) {
            return null;
        }
        Matcher m = DURATION.matcher(s.trim());
        if (!m.matches()) {
            throw new CliException(
                    ExitCodes.USAGE, "--window " + whole + ": '" + s + "' is not a duration like 500ms, 10s or 2m");
        }
        long v = Long.parseLong(m.group(2));
        long ms = switch (m.group(3) == null ? "ms" : m.group(3)) {
            case "s" -> v * 1000;
            case "m" -> v * 60_000;
            default -> v;
        };
        return m.group(1).isEmpty() ? ms : -ms;
    }

    /** --min-effect: 5%, or 0.05. */
    static double share(String text) {
        String t = text.trim();
        try {
            double v =
                    t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100 : Double.parseDouble(t);
            if (v >= 0 && v < 10) {
                return v;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new CliException(ExitCodes.USAGE, "--min-effect takes a share like 5% or 0.05, not '" + text + "'");
    }

    /** In words, for compare's header line. */
    String describe(String align) {
        String origin = align == null ? "the run's start" : "the mark '" + align + "'";
        if (fromMs == null && toMs == null) {
            return align == null ? "each whole run" : "from " + origin + " to the run's end";
        }
        return (fromMs == null ? "..." : words(fromMs)) + " to " + (toMs == null ? "the end" : words(toMs)) + " from "
                + origin;
    }

    private static String words(long ms) {
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    /**
     * Each run's window as epoch milliseconds {lo, hi}, from its origin: the mark's time, or its
     * first row's interval start. {@code names}: "A1 = path" for the refusals.
     */
    Map<String, long[]> bounds(Connection db, String align, List<String> names) throws SQLException {
        Map<String, Long> origins = align == null ? starts(db) : marks(db, align, names);
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String n : names) {
            String id = n.substring(0, n.indexOf(' '));
            Long origin = origins.get(id);
            if (origin == null && align == null) {
                continue; // a run without rows: nothing in it to compare, and said as "only in" where it matters
            }
            long lo = fromMs == null ? (align == null ? EARLIEST : origin) : origin + fromMs;
            long hi = toMs == null ? LATEST : origin + toMs;
            out.put(id, new long[] {lo, hi});
        }
        return out;
    }

    private static Map<String, Long> starts(Connection db) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        for (String table : List.of("process", "container", "os")) {
            try (Statement s = db.createStatement();
                    ResultSet rs =
                            s.executeQuery("SELECT run, epoch_ms(min(\"timestamp\" - to_milliseconds(interval_ms)))"
                                    + " FROM " + table + " GROUP BY run")) {
                while (rs.next()) {
                    out.merge(rs.getString(1), rs.getLong(2), Math::min);
                }
            }
        }
        return out;
    }

    private static Map<String, Long> marks(Connection db, String align, List<String> names) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        Map<String, List<String>> labels = new HashMap<>();
        try (PreparedStatement p = db.prepareStatement("SELECT run, epoch_ms(\"timestamp\"), detail FROM events WHERE "
                + "kind = 'mark' ORDER BY \"timestamp\"")) {
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String run = rs.getString(1);
                    String label = rs.getString(3) == null ? "" : rs.getString(3);
                    labels.computeIfAbsent(run, r -> new ArrayList<>()).add(label);
                    if ((label.equals(align) || label.startsWith(align)) && !out.containsKey(run)) {
                        out.put(run, rs.getLong(2));
                    }
                }
            }
        }
        for (String n : names) {
            String id = n.substring(0, n.indexOf(' '));
            if (!out.containsKey(id)) {
                List<String> has = labels.getOrDefault(id, List.of());
                throw new CliException(
                        ExitCodes.USAGE,
                        "--align '" + align + "': run " + n.substring(n.indexOf('=') + 2) + " has no such mark ("
                                + (has.isEmpty() ? "it has no marks" : "its marks: '" + String.join("', '", has) + "'")
                                + ")");
            }
        }
        return out;
    }
}
