package io.kubemon.agent.procfs;

import java.util.HashMap;
import java.util.Map;

/** Pure parsers of the "key value [unit]" files /proc/meminfo and /proc/vmstat. */
public final class KeyValueParser {
    private KeyValueParser() {}

    /** /proc/meminfo, every value in bytes ("kB" in the file means KiB); unit-less values as they are. */
    public static Map<String, Long> meminfo(String text, Malformed bad) {
        Map<String, Long> out = new HashMap<>(128);
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                if (!line.isBlank()) {
                    bad.field(); // a line that is not "key: value"
                }
                continue;
            }
            String[] f = Fields.split(line.substring(colon + 1));
            if (f.length == 0) {
                bad.field(); // a key without its value
                continue;
            }
            long v = Fields.number(f[0], bad);
            if (v >= 0) {
                out.put(line.substring(0, colon), f.length > 1 && f[1].equals("kB") ? v * 1024 : v);
            }
        }
        return out;
    }

    /** /proc/vmstat: counter name to value. */
    public static Map<String, Long> vmstat(String text, Malformed bad) {
        Map<String, Long> out = new HashMap<>(256);
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int sp = line.indexOf(' ');
            long v = sp > 0 ? Fields.number(line.substring(sp + 1).trim(), bad) : -1;
            if (sp <= 0) {
                bad.field(); // a key without its value
            }
            if (v >= 0) {
                out.put(line.substring(0, sp), v);
            }
        }
        return out;
    }
}
