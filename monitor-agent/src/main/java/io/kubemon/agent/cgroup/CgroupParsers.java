package io.kubemon.agent.cgroup;

import io.kubemon.agent.os.Fields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pure parsers of cgroup v1 and v2 interface files (Documentation/admin-guide/cgroup-v2.rst, cgroup-v1/). */
public final class CgroupParsers {
    /** v1 reports "no limit" as the largest page-aligned long; anything this big means unlimited. */
    static final long V1_UNLIMITED = 1L << 62;

    private CgroupParsers() {
    }

    /** "key value" lines: cpu.stat, memory.stat, memory.events, cpuacct.stat, memory.oom_control. */
    public static Map<String, Long> flatKeyed(String text) {
        // Offsets into the text, not split lines and substrings: a v1 memory.stat has ~36 lines
        // and is read per container per tick (this parser was the agent's largest allocator at
        // 110 containers, 1.7 MB a tick); only the key is cut out.
        Map<String, Long> out = new HashMap<>(64);
        int n = text.length();
        for (int line = 0; line < n; ) {
            int eol = text.indexOf('\n', line);
            if (eol < 0) {
                eol = n;
            }
            int sp = text.indexOf(' ', line);
            if (sp > line && sp < eol) {
                int b = sp + 1;
                int e = eol;
                while (b < e && Character.isWhitespace(text.charAt(b))) {
                    b++;
                }
                while (e > b && Character.isWhitespace(text.charAt(e - 1))) {
                    e--;
                }
                try {
                    out.put(text.substring(line, sp), Long.parseLong(text, b, e, 10));
                } catch (NumberFormatException e2) {
                    // a non-numeric value is not a counter; leave it out
                }
            }
            line = eol + 1;
        }
        return out;
    }

    /** A single number (memory.current, pids.current, ...); null for "max" or an empty file. */
    public static Long single(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.equals("max")) {
            return null;
        }
        return Long.parseLong(t);
    }

    /** v2 cpu.max "$MAX $PERIOD": cores allowed, or null for "max". */
    public static Double cpuMax(String text) {
        String[] f = Fields.split(text);
        if (f.length < 2 || f[0].equals("max")) {
            return null;
        }
        return Double.parseDouble(f[0]) / Double.parseDouble(f[1]);
    }

    /** v1 cpu.cfs_quota_us and cpu.cfs_period_us: cores allowed, or null when the quota is -1. */
    public static Double cfsQuota(String quota, String period) {
        long q = Long.parseLong(quota.trim());
        long p = Long.parseLong(period.trim());
        return q <= 0 || p <= 0 ? null : (double) q / p;
    }

    /** v1 memory.limit_in_bytes: null when unlimited. */
    public static Long v1Limit(String text) {
        Long v = single(text);
        return v == null || v >= V1_UNLIMITED ? null : v;
    }

    /** v1 blkio.throttle.io_service_bytes / io_serviced: {read, write} summed over devices. */
    public static long[] blkioV1(String text) {
        long read = 0;
        long write = 0;
        for (String line : text.split("\n")) {
            String[] f = Fields.split(line);
            if (f.length == 3) {
                switch (f[1]) {
                    case "Read" -> read += Long.parseLong(f[2]);
                    case "Write" -> write += Long.parseLong(f[2]);
                    default -> {
                    }
                }
            }
        }
        return new long[] {read, write};
    }

    /** v2 io.stat: "MAJ:MIN rbytes=.. wbytes=.. rios=.. wios=.. ..." summed over devices. */
    private static boolean isWholeNumber(String s, int from) {
        if (from >= s.length() || s.length() - from > 18) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    public static Map<String, Long> ioStatV2(String text) {
        Map<String, Long> out = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = Fields.split(line);
            for (int i = 1; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                // Only whole numbers: with debug stats a line also carries "depth=max" and the
                // like, which must not make the whole container row fail.
                if (eq > 0 && isWholeNumber(f[i], eq + 1)) {
                    out.merge(f[i].substring(0, eq), Long.parseLong(f[i].substring(eq + 1)), Long::sum);
                }
            }
        }
        return out;
    }

    /** cgroup.procs: one pid per line. */
    public static List<Integer> pids(String text) {
        List<Integer> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String t = line.trim();
            if (!t.isEmpty()) {
                out.add(Integer.parseInt(t));
            }
        }
        return out;
    }

    /**
     * /proc/&lt;pid&gt;/cgroup: the process's cgroup path. On v2 the "0::" line; on v1 the line of
     * {@code controller} (e.g. memory), whose hierarchy the reader then uses.
     */
    public static String pathOf(String procCgroup, int version, String controller) {
        for (String line : procCgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            if (version == 2 && f[0].equals("0") && f[1].isEmpty()) {
                return f[2].trim();
            }
            if (version == 1) {
                for (String c : f[1].split(",")) {
                    if (c.equals(controller)) {
                        return f[2].trim();
                    }
                }
            }
        }
        return null;
    }
}
