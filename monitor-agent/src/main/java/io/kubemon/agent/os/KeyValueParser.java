package io.kubemon.agent.os;

import io.kubemon.agent.procfs.Fields;

import java.util.HashMap;
import java.util.Map;

/** Pure parsers of the "key value [unit]" files /proc/meminfo and /proc/vmstat. */
public final class KeyValueParser {
    private KeyValueParser() {
    }

    /** /proc/meminfo, every value in bytes ("kB" in the file means KiB); unit-less values as they are. */
    public static Map<String, Long> meminfo(String text) {
        Map<String, Long> out = new HashMap<>(128);
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String[] f = Fields.split(line.substring(colon + 1));
            if (f.length == 0 || f[0].isEmpty()) {
                continue;
            }
            long v = Fields.number(f[0]);
            if (v >= 0) {
                out.put(line.substring(0, colon), f.length > 1 && f[1].equals("kB") ? v * 1024 : v);
            }
        }
        return out;
    }

    /** /proc/vmstat: counter name to value. */
    public static Map<String, Long> vmstat(String text) {
        Map<String, Long> out = new HashMap<>(256);
        for (String line : text.split("\n")) {
            int sp = line.indexOf(' ');
            long v = sp > 0 ? Fields.number(line.substring(sp + 1).trim()) : -1;
            if (v >= 0) {
                out.put(line.substring(0, sp), v);
            }
        }
        return out;
    }
}
