package io.kubemon.agent.process;

import io.kubemon.agent.procfs.Fields;
import io.kubemon.agent.procfs.Malformed;
import java.util.HashMap;
import java.util.Map;

/** Pure parsers of /proc/&lt;pid&gt;/{stat,status,io,cmdline}. */
public final class ProcessParsers {
    private ProcessParsers() {}

    /**
     * /proc/&lt;pid&gt;/stat. The command (field 2) is in parentheses and may itself contain spaces
     * and ')', so the fields are counted from the last ')'. Scanned in place: only eight of the
     * fifty fields are wanted, so none is cut out as a string.
     */
    public static ProcStat stat(String text, Malformed bad) {
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open < 0 || close < open) {
            // The record's shape, not one field, is wrong: the process table skips this process.
            throw new IllegalStateException("unexpected format of /proc/<pid>/stat: no (command) in '"
                    + text.substring(0, Math.min(40, text.length())) + "'");
        }
        String comm = text.substring(open + 1, close);
        // Field n (1-based as in proc(5)) begins at starts[n - 3]; field 3 is the state. Fields 3
        // to 22 are needed; field 39, the CPU it last ran on, is read where the kernel gives it.
        int[] starts = new int[PROCESSOR + 1];
        int[] ends = new int[PROCESSOR + 1];
        int eol = text.indexOf('\n', close);
        int n = eol < 0 ? text.length() : eol;
        int i = close + 1;
        int found = 0;
        for (int f = 0; f <= PROCESSOR; f++) {
            i = Fields.skipBlanks(text, i, n);
            if (i >= n) {
                if (f >= 20) {
                    break;
                }
                throw new IllegalStateException("unexpected format of /proc/<pid>/stat: " + (f + 2) + " fields");
            }
            found = f + 1;
            starts[f] = i;
            while (i < n && text.charAt(i) > ' ') {
                i++;
            }
            ends[f] = i;
        }
        return new ProcStat(
                comm,
                text.charAt(starts[0]),
                (int) number(text, starts, ends, 1, bad),
                number(text, starts, ends, 7, bad),
                number(text, starts, ends, 9, bad),
                number(text, starts, ends, 11, bad),
                number(text, starts, ends, 12, bad),
                number(text, starts, ends, 17, bad),
                number(text, starts, ends, 19, bad),
                found > PROCESSOR ? number(text, starts, ends, PROCESSOR, bad) : -1);
    }

    /** Field 39 (processor), as an index into the fields after the command. */
    private static final int PROCESSOR = 39 - 3;

    private static long number(String text, int[] starts, int[] ends, int field, Malformed bad) {
        return Fields.number(text, starts[field], ends[field], bad);
    }

    private static final String[] STATUS_KEYS = {
        "VmRSS", "VmSize", "RssFile", "RssShmem", "VmSwap", "voluntary_ctxt_switches", "nonvoluntary_ctxt_switches"
    };

    /** /proc/&lt;pid&gt;/status "Key:\tvalue [kB]" lines, only the keys the process table uses; kB in bytes. */
    public static Map<String, Long> status(String text, Malformed bad) {
        Map<String, Long> out = new HashMap<>(16);
        keyLines(text, (line, colon, eol) -> {
            for (String key : STATUS_KEYS) {
                if (key.length() == colon - line && text.startsWith(key, line)) {
                    int b = Fields.skipBlanks(text, colon + 1, eol);
                    int e = Fields.numberEnd(text, b, eol);
                    long v = Fields.number(text, b, e, bad);
                    if (v >= 0) {
                        out.put(key, text.startsWith("kB", Fields.skipBlanks(text, e, eol)) ? v * 1024 : v);
                    }
                    return;
                }
            }
        });
        return out;
    }

    private static final String[] IO_KEYS = {
        "rchar", "wchar", "syscr", "syscw", "read_bytes", "write_bytes", "cancelled_write_bytes"
    };

    /** /proc/&lt;pid&gt;/io "key: value" lines; known keys map to constant strings (no key cut out per line). */
    public static Map<String, Long> io(String text, Malformed bad) {
        Map<String, Long> out = new HashMap<>(16);
        keyLines(text, (line, colon, eol) -> {
            int b = Fields.skipBlanks(text, colon + 1, eol);
            long v = Fields.number(text, b, Fields.numberEnd(text, b, eol), bad);
            if (v >= 0) {
                out.put(key(IO_KEYS, text, line, colon), v);
            }
        });
        return out;
    }

    /** The constant among {@code known} equal to text[start, end), or that text cut out. */
    private static String key(String[] known, String text, int start, int end) {
        for (String k : known) {
            if (k.length() == end - start && text.startsWith(k, start)) {
                return k;
            }
        }
        return text.substring(start, end);
    }

    /** A "key: value" line, as offsets into the text: start, the colon, the end of the line. */
    private interface KeyLine {
        void accept(int start, int colon, int end);
    }

    /** Calls {@code each} for every line with a key before a colon, without cutting lines out. */
    private static void keyLines(String text, KeyLine each) {
        int n = text.length();
        int line = 0;
        while (line < n) {
            int eol = text.indexOf('\n', line);
            if (eol < 0) {
                eol = n;
            }
            int colon = text.indexOf(':', line);
            if (colon > line && colon < eol) {
                each.accept(line, colon, eol);
            }
            line = eol + 1;
        }
    }

    /** /proc/&lt;pid&gt;/cmdline: NUL-separated arguments as one line, at most 256 characters. */
    public static String cmdline(String raw, String comm) {
        String s = raw;
        while (s.endsWith("\0")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            return "[" + comm + "]";
        }
        s = s.replace('\0', ' ');
        StringBuilder b = new StringBuilder(Math.min(s.length(), 256));
        for (int i = 0; i < s.length() && b.length() < 256; i++) {
            char ch = s.charAt(i);
            b.append(ch < 0x20 || ch == 0x7f ? ' ' : ch);
        }
        return b.toString();
    }
}
