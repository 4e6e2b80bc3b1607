package io.kubemon.agent.procfs;

import java.util.ArrayList;
import java.util.List;

/** Pure parser of /proc/&lt;pid&gt;/net/dev: 8 receive then 8 transmit counters per interface. */
public final class NetDevParser {
    public static final int FIELDS = 16;

    // The positions of the counters within an interface's fields, in the kernel's order
    // (net/core/net-procfs.c dev_seq_printf_stats).
    public static final int RX_BYTES = 0;
    public static final int RX_PACKETS = 1;
    public static final int RX_ERRS = 2;
    public static final int RX_DROP = 3;
    public static final int RX_FIFO = 4;
    public static final int RX_FRAME = 5;
    public static final int RX_COMPRESSED = 6;
    public static final int RX_MULTICAST = 7;
    public static final int TX_BYTES = 8;
    public static final int TX_PACKETS = 9;
    public static final int TX_ERRS = 10;
    public static final int TX_DROP = 11;
    public static final int TX_FIFO = 12;
    public static final int TX_COLLS = 13;
    public static final int TX_CARRIER = 14;
    public static final int TX_COMPRESSED = 15;

    private NetDevParser() {}

    public record Interface(String name, long[] fields) {}

    public static List<Interface> parse(String text, Malformed bad) {
        List<Interface> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            // The two header lines contain '|' and no ':'; old kernels print "eth0:123" without a space.
            if (colon <= 0 || line.indexOf('|') >= 0) {
                continue;
            }
            String[] f = Fields.split(line.substring(colon + 1));
            if (f.length < FIELDS) {
                bad.field(); // an interface line cut short: its cells are lost, counted once
                continue;
            }
            long[] values = new long[FIELDS];
            for (int i = 0; i < FIELDS; i++) {
                values[i] = Fields.number(f[i], bad); // -1: malformed
            }
            out.add(new Interface(line.substring(0, colon).trim(), values));
        }
        return out;
    }
}
