package io.kubemon.agent.process;

import io.kubemon.agent.os.Fields;
import java.util.HashMap;
import java.util.Map;

/** Pure parsers of /proc/&lt;pid&gt;/{stat,status,io,cmdline}. */
public final class ProcessParsers {
    private ProcessParsers() {
    }

    /**
     * /proc/&lt;pid&gt;/stat. The command (field 2) is in parentheses and may itself contain spaces
     * and ')', so the fields are counted from the last ')'.
     */
    public static ProcStat stat(String text) {
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        String comm = text.substring(open + 1, close);
        String[] f = Fields.split(text.substring(close + 2));
        // f[0] is field 3 (state); field n is f[n - 3].
        return new ProcStat(comm, f[0].charAt(0), Integer.parseInt(f[1]),
                Long.parseLong(f[7]), Long.parseLong(f[9]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                Long.parseLong(f[17]), Long.parseLong(f[19]));
    }

    /** /proc/&lt;pid&gt;/status "Key:\tvalue [kB]" lines; kB values in bytes. */
    public static Map<String, Long> status(String text) {
        Map<String, Long> out = new HashMap<>(16);
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon);
            switch (key) {
                case "VmRSS", "VmSize", "RssFile", "RssShmem", "voluntary_ctxt_switches", "nonvoluntary_ctxt_switches" -> {
                    String[] f = Fields.split(line.substring(colon + 1));
                    long v = Long.parseLong(f[0]);
                    out.put(key, f.length > 1 && f[1].equals("kB") ? v * 1024 : v);
                }
                default -> {
                }
            }
        }
        return out;
    }

    /** /proc/&lt;pid&gt;/io "key: value" lines. */
    public static Map<String, Long> io(String text) {
        Map<String, Long> out = new HashMap<>(8);
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.put(line.substring(0, colon), Long.parseLong(line.substring(colon + 1).trim()));
            }
        }
        return out;
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
