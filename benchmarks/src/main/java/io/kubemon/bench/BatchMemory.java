package io.kubemon.bench;

import io.kubemon.common.wire.Sample;
import io.kubemon.common.wire.SampleBatch;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one batch in the agent's memory queue costs, at a node's size: a tick of C containers with
 * P processes each (default 110 x 5), built from the rows the real sources make of the fixture tree
 * and this host (every table's real value types), each row its own map and values as the sources
 * allocate them. Holds N such batches (default 64, the bound before it was chosen from this) and reports the heap they
 * retain (used heap after full collections, before and after), per batch, and the JSON a batch
 * spools as. Run: java -cp benchmarks/target/benchmarks.jar io.kubemon.bench.BatchMemory [C P N]
 */
public final class BatchMemory {
    private BatchMemory() {}

    public static void main(String[] args) throws Exception {
        int containers = args.length > 0 ? Integer.parseInt(args[0]) : 110;
        int processes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int held = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        AgentHotPath shapes = new AgentHotPath();
        shapes.setUp();
        Map<String, Sample> template = new LinkedHashMap<>();
        for (Sample s : shapes.batch().samples()) {
            template.putIfAbsent(s.table(), s);
        }
        long before = usedAfterGc();
        List<SampleBatch> queue = new ArrayList<>();
        for (int b = 0; b < held; b++) {
            queue.add(batch(template, containers, processes, b));
        }
        long after = usedAfterGc();
        byte[] json = JsonMapper.builder().build().writeValueAsBytes(queue.get(0));
        long perBatch = (after - before) / held;
        System.out.printf(
                "%d containers x %d processes: %d rows a batch; %d batches retain %.1f MiB of heap, "
                        + "%.0f KiB a batch; a batch spools as %.0f KiB of JSON%n",
                containers,
                processes,
                queue.get(0).samples().size(),
                held,
                (after - before) / 1048576.0,
                perBatch / 1024.0,
                json.length / 1024.0);
        System.out.println(queue.size() > 0 ? "" : "-"); // keeps the queue reachable until here
    }

    /** One tick: a row of every host table, C container rows and C x P process rows, each its own copy. */
    static SampleBatch batch(Map<String, Sample> template, int containers, int processes, int seq) {
        List<Sample> rows = new ArrayList<>();
        for (Sample s : template.values()) {
            if (s.table().equals("container")) {
                for (int c = 0; c < containers; c++) {
                    rows.add(copy(s, "c" + c, seq * 1_000_003L + c));
                }
            } else if (s.table().equals("process")) {
                for (int c = 0; c < containers * processes; c++) {
                    rows.add(copy(s, "c" + (c / processes), seq * 1_000_003L + c));
                }
            } else {
                rows.add(copy(s, s.source(), seq));
            }
        }
        return new SampleBatch(null, "run", seq, rows);
    }

    /** A row of its own: its map and every value new, as a source allocates them each tick. */
    private static Sample copy(Sample s, String source, long salt) {
        Map<String, Object> values = new LinkedHashMap<>();
        s.values().forEach((k, v) -> values.put(k, fresh(v, salt)));
        return new Sample(s.table(), new String(source), s.timestamp() + salt, s.intervalMs(), values);
    }

    private static Object fresh(Object v, long salt) {
        if (v instanceof Long l) {
            return Long.valueOf(l + 1000 + salt); // outside Long's cache, as counters are
        }
        if (v instanceof Integer i) {
            return Integer.valueOf(i + 1000 + (int) (salt % 1000));
        }
        if (v instanceof Double d) {
            return Double.valueOf(d + salt);
        }
        if (v instanceof String t) {
            return new String(t.toCharArray());
        }
        return v;
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
