package io.kubemon.agent.cgroup;

import io.kubemon.agent.procfs.Fields;
import io.kubemon.agent.procfs.Malformed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pure parsers of cgroup v1 and v2 interface files (Documentation/admin-guide/cgroup-v2.rst, cgroup-v1/). */
public final class CgroupParsers {
    /** v1 reports "no limit" as the largest page-aligned long; anything this big means unlimited. */
    static final long V1_UNLIMITED = 1L << 62;

    private CgroupParsers() {}

    /** "key value" lines: cpu.stat, memory.stat, memory.events, cpuacct.stat, memory.oom_control. */
    public static Map<String, Long> flatKeyed(String text, Malformed bad) {
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
                long v = Fields.number(text, b, e, bad);
                if (v >= 0) { // a malformed value is left out: its cell stays empty
                    out.put(text.substring(line, sp), v);
                }
            }
            line = eol + 1;
        }
        return out;
    }

    /** A single number (memory.current, pids.current, ...); null for "max", an empty file or a malformed one. */
    public static Long single(String text, Malformed bad) {
        String t = text.trim();
        if (t.isEmpty() || t.equals("max")) {
            return null; // no value, and nothing wrong
        }
        long v = Fields.number(t, bad);
        return v < 0 ? null : v;
    }

    /** v2 cpu.max "$MAX $PERIOD": cores allowed, or null for "max". */
    public static Double cpuMax(String text, Malformed bad) {
        String[] f = Fields.split(text);
        if (f.length < 2) {
            if (f.length > 0) {
                bad.field();
            }
            return null;
        }
        long max = f[0].equals("max") ? -1 : Fields.number(f[0], bad);
        long period = Fields.number(f[1], bad);
        return max < 0 || period <= 0 ? null : (double) max / period;
    }

    /** v1 cpu.cfs_quota_us and cpu.cfs_period_us: cores allowed, or null when the quota is -1. */
    public static Double cfsQuota(String quota, String period, Malformed bad) {
        String qt = quota.trim();
        long q = qt.equals("-1") ? -1 : Fields.number(qt, bad); // "-1": no quota
        long p = Fields.number(period.trim(), bad);
        return q <= 0 || p <= 0 ? null : (double) q / p;
    }

    /** v1 memory.limit_in_bytes: null when unlimited. */
    public static Long v1Limit(String text, Malformed bad) {
        Long v = single(text, bad);
        return v == null || v >= V1_UNLIMITED ? null : v;
    }

    /**
     * v1 blkio.throttle.io_service_bytes / io_serviced: {read, write} summed over devices; a sum
     * with a malformed term is missing (-1), not the sum of the rest.
     */
    public static long[] blkioV1(String text, Malformed bad) {
        long read = 0;
        long write = 0;
        for (String line : text.split("\n")) {
            String[] f = Fields.split(line);
            if (f.length == 3) {
                switch (f[1]) {
                    case "Read" -> read = sum(read, Fields.number(f[2], bad));
                    case "Write" -> write = sum(write, Fields.number(f[2], bad));
                    default -> {}
                }
            }
        }
        return new long[] {read, write};
    }

    /** A running total that stays missing (-1) once a term is. */
    private static long sum(long total, long term) {
        return total < 0 || term < 0 ? -1 : total + term;
    }

    /** The io.stat keys the container table uses: a malformed one makes its sum missing. */
    private static final java.util.Set<String> IO_STAT_KEYS = java.util.Set.of("rbytes", "wbytes", "rios", "wios");

    /** v2 io.stat: "MAJ:MIN rbytes=.. wbytes=.. rios=.. wios=.. ..." summed over devices. */
    public static Map<String, Long> ioStatV2(String text, Malformed bad) {
        Map<String, Long> out = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = Fields.split(line);
            for (int i = 1; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                // Only the used keys are held to whole numbers: with debug stats a line also
                // carries "depth=max" and the like, which are neither used nor wrong.
                String key = f[i].substring(0, eq);
                if (IO_STAT_KEYS.contains(key)) {
                    out.merge(key, Fields.number(f[i], eq + 1, f[i].length(), bad), CgroupParsers::sum);
                }
            }
        }
        return out;
    }

    /** cgroup.procs: one pid per line. */
    public static List<Integer> pids(String text, Malformed bad) {
        List<Integer> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            long pid = Fields.number(line.trim(), bad);
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
