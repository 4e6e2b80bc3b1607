package io.kubemon.agent.example.tcp;

import io.kubemon.agent.procfs.Fields;
import io.kubemon.agent.procfs.Malformed;
import java.util.HashMap;
import java.util.Map;

/** {@code /proc/net/snmp}: a protocol's header line and its values line, as name → value. Pure. */
final class SnmpParser {
    private SnmpParser() {}

    /**
     * The named {@code fields} of {@code protocol} ("Tcp"); a malformed value is -1 and counted in
     * {@code bad}, a field the kernel does not have is absent. Only the fields asked for are read:
     * others may legitimately be negative ({@code MaxConn} is -1), which a counter never is.
     */
    static Map<String, Long> parse(String text, String protocol, java.util.Set<String> fields, Malformed bad) {
        String prefix = protocol + ":";
        String[] header = null;
        for (String line : text.split("\n")) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            String[] f = line.substring(prefix.length()).trim().split("\\s+");
            if (header == null) {
                header = f;
                continue;
            }
            Map<String, Long> values = new HashMap<>();
            for (int i = 0; i < header.length && i < f.length; i++) {
                if (fields.contains(header[i])) {
                    values.put(header[i], Fields.number(f[i], bad));
                }
            }
            return values;
        }
        return Map.of();
    }
}
