package io.kubemon.agent.cgroup;

import io.kubemon.agent.procfs.Fields;
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
                long v = Fields.number(text, b, e);
                if (v >= 0) { // a non-numeric value is not a counter; leave it out
                    out.put(text.substring(line, sp), v);
                }
            }
            line = eol + 1;
        }
        return out;
    }

    /** A single number (memory.current, pids.current, ...); null for "max" or an empty file. */
    public static Long single(String text) {
        long v = Fields.number(text.trim());
        return v < 0 ? null : v; // "max", empty or not a number: no value
    }

    /** v2 cpu.max "$MAX $PERIOD": cores allowed, or null for "max". */
    public static Double cpuMax(String text) {
        String[] f = Fields.split(text);
        long max = f.length < 2 ? -1 : Fields.number(f[0]);
        long period = f.length < 2 ? -1 : Fields.number(f[1]);
        return max < 0 || period <= 0 ? null : (double) max / period;
    }

    /** v1 cpu.cfs_quota_us and cpu.cfs_period_us: cores allowed, or null when the quota is -1. */
    public static Double cfsQuota(String quota, String period) {
        long q = Fields.number(quota.trim()); // "-1" (no quota) is not a number here either: null
        long p = Fields.number(period.trim());
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
                    case "Read" -> read += Math.max(0, Fields.number(f[2]));
                    case "Write" -> write += Math.max(0, Fields.number(f[2]));
                    default -> {
                    }
                }
            }
        }
        return new long[] {read, write};
    }

    /** v2 io.stat: "MAJ:MIN rbytes=.. wbytes=.. rios=.. wios=.. ..." summed over devices. */
    public static Map<String, Long> ioStatV2(String text) {
        Map<String, Long> out = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = Fields.split(line);
            for (int i = 1; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                // Only whole numbers: with debug stats a line also carries "depth=max" and the
                // like, which must not make the whole container row fail.
                long v = eq > 0 ? Fields.number(f[i], eq + 1, f[i].length()) : -1;
                if (v >= 0) {
                    out.merge(f[i].substring(0, eq), v, Long::sum);
                }
            }
        }
        return out;
    }

    /** cgroup.procs: one pid per line. */
    public static List<Integer> pids(String text) {
        List<Integer> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            long pid = Fields.number(line.trim());
            if (pid > 0 && pid <= Integer.MAX_VALUE) {
                out.add((int) pid);
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
