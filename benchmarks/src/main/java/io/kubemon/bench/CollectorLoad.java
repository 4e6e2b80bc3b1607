package io.kubemon.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load driver: registers N simulated agents and has each POST realistic batches (container rows,
 * 25 values each, in the agent's compact columnar form) as fast as the collector acknowledges them, for a fixed time. Reports rows/s and
 * batch latency percentiles. Bounded: it stops by itself after --duration.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.kubemon.bench.CollectorLoad
 *   --url http://127.0.0.1:8080 --agents 8 --rows 500 --duration 30</pre>
 */
public final class CollectorLoad {

    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:8080";
        int agents = 8;
        int rowsPerBatch = 500;
        int seconds = 30;
        int warmup = 15;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--agents" -> agents = Integer.parseInt(args[++i]);
                case "--rows" -> rowsPerBatch = Integer.parseInt(args[++i]);
                case "--duration" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!url.startsWith("http://127.") && !url.startsWith("http://localhost")) {
            throw new IllegalArgumentException("the load driver only targets loopback");
        }
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = url;
        List<String> ids = new ArrayList<>();
        // Where each agent sends: the collector it registered with, or in a collector group its
        // node's owner, which the registration's answer names (as a real agent follows it).
        List<String> targets = new ArrayList<>();
        Pattern idPattern = Pattern.compile("\"agentId\":\"([^\"]+)\"");
        Pattern ownerPattern = Pattern.compile("\"owner\":\"([^\"]+)\"");
        for (int a = 0; a < agents; a++) {
            String registration = "{\"nodeName\":\"load-" + a + "\",\"monitors\":[\"container\"]}";
            String body = send(http, base + "/api/v1/agents", registration);
            Matcher owner = ownerPattern.matcher(body);
            String target = owner.find() ? owner.group(1) : base;
            Matcher m = idPattern.matcher(body);
            if (!m.find()) {
                body = send(http, target + "/api/v1/agents", registration);
                m = idPattern.matcher(body);
                m.find();
            }
            ids.add(m.group(1));
            targets.add(target);
        }
        System.out.println("agents per collector: "
                + targets.stream()
                        .collect(java.util.stream.Collectors.groupingBy(
                                x -> x, java.util.TreeMap::new, java.util.stream.Collectors.counting())));
        String runReply = send(
                http,
                base + "/start",
                "{\"outputDir\":\"load-" + System.currentTimeMillis() + "\",\"intervalMs\":1000}");
        Matcher run = Pattern.compile("\"runId\":\"([^\"]+)\"").matcher(runReply);
        run.find();
        String runId = run.group(1);

        AtomicLong rows = new AtomicLong();
        AtomicLong overloaded = new AtomicLong();
        // Rows and latencies count from the end of the warm-up: until the JIT has compiled the
        // request path, the collector measures its compiler, not itself.
        long measureFrom = System.nanoTime() + Duration.ofSeconds(warmup).toNanos();
        long deadline = measureFrom + Duration.ofSeconds(seconds).toNanos();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            String id = ids.get(a);
            String target = targets.get(a);
            long[] lat = new long[1_000_000];
            latencies.add(lat);
            int agentNo = a;
            int perBatch = rowsPerBatch;
            Thread t = new Thread(() -> {
                KeepAliveClient connection = new KeepAliveClient(URI.create(target));
                int n = 0;
                long seq = 0;
                // Built once: the driver shares the collector's two cores, and formatting 500 rows
                // per request cost it more CPU than the collector spends reading them.
                byte[] samples = samples(1, agentNo, perBatch);
                while (System.nanoTime() < deadline && n < lat.length) {
                    seq++;
                    byte[] body = batch(id, runId, seq, samples);
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = connection.post("/api/v1/batches", body);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    if (status == 503 || status == 429) {
                        overloaded.incrementAndGet();
                        seq--;
                        continue;
                    }
                    if (status != 200) {
                        throw new IllegalStateException("batch refused with " + status);
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom) {
                        lat[n++] = t1 - t0;
                        rows.addAndGet(perBatch);
                    }
                }
                connection.close();
                lat[lat.length - 1] = n; // count, kept in the last slot
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - measureFrom) / 1e9;
        send(http, base + "/stop", "");
        long[] all = latencies.stream()
                .flatMapToLong(l -> Arrays.stream(l, 0, (int) l[l.length - 1]))
                .sorted()
                .toArray();
        System.out.printf(
                "agents=%d rows/batch=%d warm-up=%ds measured=%.1fs batches=%d rows=%d rows/s=%.0f p50=%.1fms p99=%.1fms overloaded(503)=%d%n",
                agents,
                rowsPerBatch,
                warmup,
                elapsed,
                all.length,
                rows.get(),
                rows.get() / elapsed,
                all[all.length / 2] / 1e6,
                all[(int) (all.length * 0.99)] / 1e6,
                overloaded.get());
    }

    /** The batch document around a prepared tables array. */
    static byte[] batch(String agentId, String runId, long seq, byte[] tables) {
        byte[] head = ("{\"agentId\":\"" + agentId + "\",\"runId\":\"" + runId + "\",\"seq\":" + seq + ",\"tables\":")
                .getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(head, head.length + tables.length + 1);
        System.arraycopy(tables, 0, body, head.length, tables.length);
        body[body.length - 1] = '}';
        return body;
    }

    private static final String COLUMNS = String.join(
            ",",
            java.util.stream.Stream.of(
                            "container_id",
                            "container_name",
                            "image",
                            "pod",
                            "namespace",
                            "runtime",
                            "cgroup_version",
                            "cpu_usage_seconds",
                            "cpu_user_seconds",
                            "cpu_system_seconds",
                            "cpu_limit_cores",
                            "cpu_periods",
                            "cpu_throttled_periods",
                            "cpu_throttled_seconds",
                            "memory_usage_bytes",
                            "memory_limit_bytes",
                            "memory_working_set_bytes",
                            "memory_rss_bytes",
                            "memory_cache_bytes",
                            "memory_pgfault",
                            "memory_pgmajfault",
                            "blkio_read_bytes",
                            "blkio_write_bytes",
                            "network_receive_bytes",
                            "network_transmit_bytes",
                            "pids_current",
                            "processes")
                    .map(c -> "\"" + c + "\"")
                    .toList());

    /**
     * A tables array of container rows in the agent's compact form (columns once, rows as
     * arrays), shaped like a real agent's rows: labels, gauges, counters.
     */
    static byte[] samples(long seq, int agent, int rows) {
        StringBuilder b = new StringBuilder(rows * 500)
                .append("[{\"table\":\"container\",\"columns\":[")
                .append(COLUMNS)
                .append("],\"rows\":[");
        long ts = 1_764_000_000_000L + seq * 1000;
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                b.append(',');
            }
            String id = String.format("%064x", (long) agent * 100_000 + r);
            b.append("[\"c")
                    .append(r % 50)
                    .append("\",")
                    .append(ts)
                    .append(",1000,\"")
                    .append(id)
                    .append("\",\"c")
                    .append(r % 50)
                    .append("\",\"nginx:1.27\",\"web-")
                    .append(r % 50)
                    .append("\",\"shop\",\"cgroup\",2,0.25,0.175,0.075,0.5,10,5,0.15,134217728,268435456,117440512,")
                    .append("100663296,33554432,600,2,524288,1048576,")
                    .append(seq * 31 + r)
                    .append(",5050,7,2]");
        }
        return b.append("]}]").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String send(HttpClient http, String url, String body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(
                                body.isEmpty()
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
