package io.kubemon.agent.procfs;

import java.util.ArrayList;
import java.util.List;

/** Pure parser of /proc/&lt;pid&gt;/net/dev: 8 receive then 8 transmit counters per interface. */
public final class NetDevParser {
    public static final int FIELDS = 16;

    private NetDevParser() {
    }

    public record Interface(String name, long[] fields) {
    }

    public static List<Interface> parse(String text) {
        List<Interface> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            // The two header lines contain '|' and no ':'; old kernels print "eth0:123" without a space.
            if (colon <= 0 || line.indexOf('|') >= 0) {
                continue;
            }
            String[] f = Fields.split(line.substring(colon + 1));
            if (f.length < FIELDS) {
                continue;
            }
            long[] values = new long[FIELDS];
            for (int i = 0; i < FIELDS; i++) {
                values[i] = Fields.number(f[i]); // -1: missing
            }
            out.add(new Interface(line.substring(0, colon).trim(), values));
        }
        return out;
    }
}
