package io.kubemon.report;

import com.opencsv.CSVParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One row of a kubemon CSV file, its cells found by the file's own header (so a file of an older
 * table version reads too: a column it lacks is an empty cell). Counters in kubemon's files are
 * increases over the row's own {@code interval_ms}, so a rate is the cell divided by that.
 *
 * <p>Hand-read on the fast path, which measurement asked for: a report of a one-hour run of 400
 * containers reads 9 million rows, and opencsv's character-by-character parse of every cell plus
 * {@code Instant.parse} of every timestamp took most of its 39 s. A line without quotes is split
 * by remembering where its commas are (a cell becomes a String only when a chart reads it);
 * a line with quotes (a command line holding a comma) goes to opencsv's own parser; the timestamp
 * of the previous row is reused when it is the same text (rows of one tick share it).
 */
final class CsvRow {
    private final Map<String, Integer> index = new HashMap<>();
    private final CSVParser parser = new CSVParser();
    private String line;
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int count;
    private String[] parsed;
    private String lastTimestamp;
    private long timestampMs;
    private double intervalSeconds;

    CsvRow(String[] header) {
        for (int i = 0; i < header.length; i++) {
            index.put(header[i], i);
        }
    }

    /** The next record of the reader (a quoted cell may span lines); null at the end. */
    static String nextRecord(BufferedReader reader) throws IOException {
        String line = reader.readLine();
        if (line == null || line.indexOf('"') < 0) {
            return line;
        }
        StringBuilder b = new StringBuilder(line);
        while (quotes(b) % 2 != 0) {
            String more = reader.readLine();
            if (more == null) {
                break; // a torn last record: its timestamp may still parse; its cells are what they are
            }
            b.append('\n').append(more);
        }
        return b.toString();
    }

    private static int quotes(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '"') {
                n++;
            }
        }
        return n;
    }

    /** Moves to the next record; false when it has no readable timestamp (a torn last line). */
    boolean set(String record) throws IOException {
        line = record;
        if (record.indexOf('"') >= 0) {
            parsed = parser.parseLine(record);
            count = parsed.length;
        } else {
            parsed = null;
            count = 0;
            int from = 0;
            for (int i = 0; i <= record.length(); i++) {
                if (i == record.length() || record.charAt(i) == ',') {
                    if (count == starts.length) {
                        starts = java.util.Arrays.copyOf(starts, count * 2);
                        ends = java.util.Arrays.copyOf(ends, count * 2);
                    }
                    starts[count] = from;
                    ends[count] = i;
                    count++;
                    from = i + 1;
                }
            }
        }
        String ts = cell(0);
        if (!ts.equals(lastTimestamp)) {
            long fast = fastTimestamp(ts);
            if (fast != Long.MIN_VALUE) {
                timestampMs = fast;
            } else {
                try {
                    timestampMs = Instant.parse(ts).toEpochMilli();
                } catch (RuntimeException e) {
                    lastTimestamp = null;
                    return false;
                }
            }
            lastTimestamp = ts;
        }
        double interval = num("interval_ms");
        intervalSeconds = interval > 0 ? interval / 1000 : Double.NaN;
        return true;
    }

    private String cell(int i) {
        if (i >= count) {
            return "";
        }
        return parsed != null ? parsed[i] : line.substring(starts[i], ends[i]);
    }

    long timestampMs() {
        return timestampMs;
    }

    boolean has(String column) {
        return index.containsKey(column);
    }

    String text(String column) {
        Integer i = index.get(column);
        return i == null ? "" : cell(i);
    }

    /** The cell as a number; NaN when empty or absent: missing data is a gap, not a zero. */
    double num(String column) {
        Integer i = index.get(column);
        if (i == null || i >= count) {
            return Double.NaN;
        }
        if (parsed == null && starts[i] == ends[i]) {
            return Double.NaN;
        }
        if (parsed == null) {
            double fast = fastNumber(line, starts[i], ends[i]);
            if (!Double.isNaN(fast)) {
                return fast;
            }
        }
        String s = cell(i);
        if (s.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A counter cell per second of the row's own interval. */
    double rate(String column) {
        return num(column) / intervalSeconds;
    }

    /** The sum of cells; NaN when any is missing (a partial sum would draw a false dip). */
    double sum(String... columns) {
        double s = 0;
        for (String c : columns) {
            s += num(c);
        }
        return s;
    }

    double rateSum(String... columns) {
        return sum(columns) / intervalSeconds;
    }

    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
            1e14, 1e15};

    /**
     * A plain decimal ("-12", "0.25", as kubemon writes them) without Double.parseDouble; NaN for
     * anything else (an exponent, more than 15 digits), which then takes Double.parseDouble. Up to
     * 15 digits both the digits and the power of ten are exact doubles, so the one division is
     * correctly rounded: the same double Double.parseDouble gives.
     */
    static double fastNumber(String s, int from, int to) {
        if (from >= to) {
            return Double.NaN;
        }
        boolean negative = s.charAt(from) == '-';
        int i = negative ? from + 1 : from;
        long digits = 0;
        int n = 0;
        int decimals = -1;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++n > 15) {
                    return Double.NaN;
                }
                digits = digits * 10 + (c - '0');
                if (decimals >= 0) {
                    decimals++;
                }
            } else if (c == '.' && decimals < 0) {
                decimals = 0;
            } else {
                return Double.NaN;
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        double v = decimals > 0 ? digits / POW10[decimals] : digits;
        return negative ? -v : v;
    }

    /**
     * kubemon's own timestamp shape, "2026-01-01T00:00:00.000Z" (RowFormat.TIMESTAMP), read by
     * arithmetic; Long.MIN_VALUE for any other shape, which Instant.parse then reads.
     */
    static long fastTimestamp(String t) {
        if (t.length() != 24 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':' || t.charAt(19) != '.' || t.charAt(23) != 'Z') {
            return Long.MIN_VALUE;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        int milli = digits(t, 20, 23);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || milli < 0) {
            return Long.MIN_VALUE;
        }
        // Days from the civil date (Howard Hinnant's algorithm), as LocalDate.toEpochDay computes them.
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yoe = y - era * 400;
        int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        long days = era * 146097L + doe - 719468;
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + milli;
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
