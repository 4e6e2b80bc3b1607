package io.kubemon.report;

import com.opencsv.CSVParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * {@code Instant.parse} of every timestamp took most of its 39 s. A line without quotes is read
 * where it lies in the reader's byte buffer: the row remembers where its commas are, a number is
 * parsed from the bytes, and a cell becomes a String only when a chart reads it as text. A line
 * with quotes (a command line holding a comma) goes to opencsv's own parser. The timestamp of the
 * previous row is reused when its bytes are the same (rows of one tick share it).
 */
final class CsvRow {
    private final Map<String, Integer> index = new HashMap<>();
    private byte[] bytes;
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int count;
    private String[] parsed;
    private final byte[] lastTimestamp = new byte[32];
    private int lastTimestampLength = -1;
    private long timestampMs;
    private double intervalSeconds;

    CsvRow(String[] header) {
        for (int i = 0; i < header.length; i++) {
            index.put(header[i], i);
        }
    }

    /**
     * Reads every row of a CSV file (header first) into {@code consumer}, one reused row; returns how
     * many rows had a readable timestamp. The row is valid only during the call.
     */
    static long readAll(java.io.InputStream in, java.util.function.Consumer<CsvRow> consumer) throws IOException {
        long rows = 0;
        try (LineReader r = new LineReader(in)) {
            if (!r.next()) {
                return 0;
            }
            CSVParser parser = new CSVParser();
            CsvRow row = new CsvRow(parser.parseLine(r.line()));
            while (r.next()) {
                if (r.end() == r.start()) {
                    continue;
                }
                Read read = row.set(r.buffer(), r.start(), r.end());
                boolean ok = read == Read.ROW;
                if (read == Read.QUOTED) {
                    // A quoted cell may hold a newline: the record goes on until its quotes pair up.
                    StringBuilder record = new StringBuilder(r.line());
                    while (quotes(record) % 2 != 0 && r.next()) {
                        record.append('\n').append(r.line());
                    }
                    ok = row.setRecord(parser, record.toString());
                }
                if (ok) {
                    rows++;
                    consumer.accept(row);
                }
            }
        }
        return rows;
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

    /** What {@link #set} made of a line. */
    enum Read {
        ROW,
        NO_TIMESTAMP,
        QUOTED
    }

    /**
     * Moves to a line read in place. QUOTED (nothing read) when it holds a quote: then it is read by
     * {@link #setRecord} and may span lines; NO_TIMESTAMP for a torn last line.
     */
    Read set(byte[] b, int from, int to) {
        bytes = b;
        parsed = null;
        count = 0;
        int cell = from;
        for (int i = from; i <= to; i++) {
            if (i < to && b[i] == '"') {
                count = 0;
                return Read.QUOTED;
            }
            if (i == to || b[i] == ',') {
                if (count == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, count * 2);
                    ends = java.util.Arrays.copyOf(ends, count * 2);
                }
                starts[count] = cell;
                ends[count] = i;
                count++;
                cell = i + 1;
            }
        }
        return afterSet() ? Read.ROW : Read.NO_TIMESTAMP;
    }

    /** Moves to a whole record with quotes, parsed by opencsv. */
    boolean setRecord(CSVParser parser, String record) throws IOException {
        parsed = parser.parseLine(record);
        count = parsed.length;
        return afterSet();
    }

    private boolean afterSet() {
        if (count == 0) {
            return false;
        }
        if (!sameTimestamp()) {
            long fast = parsed == null ? fastTimestamp(bytes, starts[0], ends[0]) : Long.MIN_VALUE;
            if (fast != Long.MIN_VALUE) {
                timestampMs = fast;
            } else {
                try {
                    timestampMs = Instant.parse(cell(0)).toEpochMilli();
                } catch (RuntimeException e) {
                    lastTimestampLength = -1;
                    return false;
                }
            }
            remember();
        }
        double interval = num("interval_ms");
        intervalSeconds = interval > 0 ? interval / 1000 : Double.NaN;
        return true;
    }

    private boolean sameTimestamp() {
        if (parsed != null || lastTimestampLength < 0 || ends[0] - starts[0] != lastTimestampLength) {
            return false;
        }
        for (int i = 0; i < lastTimestampLength; i++) {
            if (bytes[starts[0] + i] != lastTimestamp[i]) {
                return false;
            }
        }
        return true;
    }

    private void remember() {
        int len = parsed == null ? ends[0] - starts[0] : -1;
        if (len < 0 || len > lastTimestamp.length) {
            lastTimestampLength = -1;
            return;
        }
        System.arraycopy(bytes, starts[0], lastTimestamp, 0, len);
        lastTimestampLength = len;
    }

    private String cell(int i) {
        if (i >= count) {
            return "";
        }
        return parsed != null ? parsed[i] : new String(bytes, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
    }

    long timestampMs() {
        return timestampMs;
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
        if (parsed == null) {
            if (starts[i] == ends[i]) {
                return Double.NaN;
            }
            double fast = fastNumber(bytes, starts[i], ends[i]);
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

    private static final double[] POW10 = {
        1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15
    };

    /**
     * A plain decimal ("-12", "0.25", as kubemon writes them) without Double.parseDouble; NaN for
     * anything else (an exponent, more than 15 digits), which then takes Double.parseDouble. Up to
     * 15 digits both the digits and the power of ten are exact doubles, so the one division is
     * correctly rounded: the same double Double.parseDouble gives.
     */
    static double fastNumber(byte[] s, int from, int to) {
        if (from >= to) {
            return Double.NaN;
        }
        boolean negative = s[from] == '-';
        int i = negative ? from + 1 : from;
        long digits = 0;
        int n = 0;
        int decimals = -1;
        for (; i < to; i++) {
            byte c = s[i];
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
    static long fastTimestamp(byte[] t, int from, int to) {
        if (to - from != 24
                || t[from + 4] != '-'
                || t[from + 7] != '-'
                || t[from + 10] != 'T'
                || t[from + 13] != ':'
                || t[from + 16] != ':'
                || t[from + 19] != '.'
                || t[from + 23] != 'Z') {
            return Long.MIN_VALUE;
        }
        int year = digits(t, from, 4);
        int month = digits(t, from + 5, 2);
        int day = digits(t, from + 8, 2);
        int hour = digits(t, from + 11, 2);
        int minute = digits(t, from + 14, 2);
        int second = digits(t, from + 17, 2);
        int milli = digits(t, from + 20, 3);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > 31
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59
                || milli < 0) {
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

    private static int digits(byte[] s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            byte c = s[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
