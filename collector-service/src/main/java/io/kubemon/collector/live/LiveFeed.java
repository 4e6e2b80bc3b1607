package io.kubemon.collector.live;

import io.kubemon.common.schema.EventsTable;
import io.kubemon.common.schema.OsTables;
import io.kubemon.common.schema.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The last minutes of each node's CPU and memory, as its OS rows arrive: what the live page
 * draws. A fixed ring per node (no growth over a long run); fed from rows already validated for
 * the files, so it costs a few array writes per node and tick, not a read of the files.
 */
@Component
public class LiveFeed {
    /** Points kept per node: 10 minutes at 1 s, 1 minute at 100 ms. */
    static final int KEEP = 600;

    private final Map<String, Ring> nodes = new ConcurrentHashMap<>();
    private final int[] busy;
    private final int cpuCount;
    private final int memTotal;
    private final int memAvailable;

    public LiveFeed() {
        Map<String, Integer> ix = OsTables.OS.index();
        busy = OsTables.BUSY_CPU_MODES.stream()
                .mapToInt(m -> ix.get("cpu_" + m + "_seconds"))
                .toArray();
        cpuCount = ix.get("cpu_count");
        memTotal = ix.get("memory_total_bytes");
        memAvailable = ix.get("memory_available_bytes");
    }

    private final LiveEvents events = new LiveEvents();

    /** The rows of one written batch; the host table's points and the events are kept. */
    public void accept(String node, Table table, long timestampMs, long intervalMs, String[] cells) {
        if (table == EventsTable.EVENTS) {
            events.accept(node, timestampMs, cells);
            return;
        }
        if (table != OsTables.OS) {
            return;
        }
        double seconds = intervalMs / 1000.0;
        double busySeconds = 0;
        for (int i : busy) {
            busySeconds += num(cells[i]);
        }
        double total = num(cells[memTotal]);
        nodes.computeIfAbsent(node, n -> new Ring())
                .add(timestampMs, busySeconds / seconds, num(cells[cpuCount]), total - num(cells[memAvailable]), total);
    }

    private static double num(String cell) {
        if (cell == null || cell.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The run's latest events, newest first. */
    public List<LiveEvents.Item> events() {
        return events.latest();
    }

    /** Every node's points after {@code sinceMs}, oldest first; NaN as null. */
    public Map<String, Object> snapshot(long sinceMs) {
        Map<String, Object> out = new TreeMap<>();
        nodes.forEach((node, ring) -> out.put(node, ring.since(sinceMs)));
        return out;
    }

    private static final class Ring {
        final long[] t = new long[KEEP];
        final double[] cpu = new double[KEEP];
        final double[] cores = new double[KEEP];
        final double[] memUsed = new double[KEEP];
        final double[] memTotal = new double[KEEP];
        int next;
        int size;

        synchronized void add(long ts, double cpuCores, double cpuCount, double used, double total) {
            t[next] = ts;
            cpu[next] = cpuCores;
            cores[next] = cpuCount;
            memUsed[next] = used;
            memTotal[next] = total;
            next = (next + 1) % KEEP;
            size = Math.min(KEEP, size + 1);
        }

        synchronized Map<String, Object> since(long sinceMs) {
            List<Long> ts = new ArrayList<>();
            List<Double> c = new ArrayList<>();
            List<Double> n = new ArrayList<>();
            List<Double> u = new ArrayList<>();
            List<Double> m = new ArrayList<>();
            for (int k = 0; k < size; k++) {
                int i = Math.floorMod(next - size + k, KEEP);
                if (t[i] > sinceMs) {
                    ts.add(t[i]);
                    c.add(nullable(cpu[i]));
                    n.add(nullable(cores[i]));
                    u.add(nullable(memUsed[i]));
                    m.add(nullable(memTotal[i]));
                }
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("t", ts);
            r.put("cpuCores", c);
            r.put("cpuCount", n);
            r.put("memoryUsedBytes", u);
            r.put("memoryTotalBytes", m);
            return r;
        }

        private static Double nullable(double v) {
            return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
        }
    }
}
