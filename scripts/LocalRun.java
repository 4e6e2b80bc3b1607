// A real local collection: the collector and an agent on this host, one run, a summary.
// Runs with only a JDK (java scripts/LocalRun.java ...): no curl, no Python. scripts/run-local.sh
// builds the jars first and then calls this.
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

public class LocalRun {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public static void main(String[] args) throws Exception {
        int duration = 30;
        long interval = 1000;
        Path dataDir = Path.of("local-run");
        String out = "run-" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--duration" -> duration = Integer.parseInt(args[++i]);
                case "--interval-ms" -> interval = Long.parseLong(args[++i]);
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--out" -> out = args[++i];
                case "-h", "--help" -> {
                    System.out.println("usage: run-local.sh [--duration SECONDS (30)] [--interval-ms MS (1000)] "
                            + "[--data-dir DIR (./local-run)] [--out NAME (run-<time>)]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
        }
        if (duration < 1 || interval < 10) {
            throw new IllegalArgumentException("--duration must be >= 1 s and --interval-ms >= 10");
        }
        Path root = Path.of("").toAbsolutePath();
        Path collectorJar = root.resolve("collector-service/target/collector-service.jar");
        Path agentJar = root.resolve("monitor-agent/target/monitor-agent.jar");
        for (Path jar : List.of(collectorJar, agentJar)) {
            if (!Files.isRegularFile(jar)) {
                System.err.println(jar + " is missing; build with ./mvnw -DskipTests package (run-local.sh does)");
                System.exit(2);
            }
        }
        Files.createDirectories(dataDir.resolve("logs"));
        int collectorPort = freePort();
        int agentPort = freePort();
        String collector = "http://127.0.0.1:" + collectorPort;
        List<Process> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(Process::destroy)));

        System.out.printf("starting collector on :%d (data in %s) and agent on :%d%n", collectorPort, dataDir.toAbsolutePath(), agentPort);
        started.add(launch(collectorJar, List.of("-XX:+UseSerialGC", "-XX:NewRatio=1"), dataDir.resolve("logs/collector.log"), "--server.port=" + collectorPort,
                "--kubemon.collector.data-dir=" + dataDir.toAbsolutePath()));
        // The agent's JVM options live in one file, shared with the Dockerfile and the Helm chart.
        List<String> agentJvm = List.of(Files.readString(root.resolve("monitor-agent/jvm.options")).trim().split("\\s+"));
        started.add(launch(agentJar, agentJvm, dataDir.resolve("logs/agent.log"), "--server.port=" + agentPort,
                "--kubemon.agent.collector-url=" + collector,
                "--kubemon.agent.spool-dir=" + dataDir.toAbsolutePath().resolve("agent-spool")));
        await("the collector to be ready", () -> get(collector + "/actuator/health/readiness").contains("\"UP\""), started, dataDir);
        await("the agent to register", () -> get(collector + "/instances").matches("(?s).*\"state\":\"CONNECTED\".*"), started, dataDir);
        System.out.println(getPlain(collector + "/instances").trim());

        String startReply = post(collector + "/start", "{\"outputDir\":\"" + out + "\",\"intervalMs\":" + interval + "}");
        System.out.printf("run %s started: sampling every %d ms for %d s%n", field(startReply, "runId"), interval, duration);
        for (int s = 1; s <= duration; s++) {
            Thread.sleep(1000);
            String status = get(collector + "/status");
            System.out.printf("\r  %3d/%d s  %s rows", s, duration, field(status, "rows"));
        }
        System.out.println();
        String summary = post(collector + "/stop?wait=true", null);
        System.out.println("run stopped: " + field(summary, "rows") + " rows in " + field(summary, "batches") + " batches");
        started.forEach(Process::destroy);

        Path runDir = dataDir.resolve(out);
        System.out.println("CSV files under " + runDir.toAbsolutePath() + ":");
        try (Stream<Path> files = Files.walk(runDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                int rows = lines.size() - 1;
                String first = rows > 0 ? lines.get(1).split(",", 2)[0] : "-";
                String last = rows > 0 ? lines.get(lines.size() - 1).split(",", 2)[0] : "-";
                System.out.printf("  %-40s %6d rows  %s .. %s%n", runDir.relativize(f), rows, first, last);
            }
        }
    }

    interface Probe {
        boolean ok() throws Exception;
    }

    static void await(String what, Probe probe, List<Process> started, Path dataDir) throws Exception {
        System.out.print("waiting for " + what);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            for (Process p : started) {
                if (!p.isAlive()) {
                    System.err.println("\na service exited early; see " + dataDir.resolve("logs"));
                    System.exit(1);
                }
            }
            try {
                if (probe.ok()) {
                    System.out.println(" ok");
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            System.out.print(".");
            Thread.sleep(500);
        }
        System.err.println("\ngave up waiting for " + what + "; see " + dataDir.resolve("logs"));
        System.exit(1);
    }

    static Process launch(Path jar, List<String> jvm, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    static String getPlain(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/plain").GET().build());
    }

    static String post(String url, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static String send(HttpRequest request) throws Exception {
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** A top-level scalar of a small JSON answer; enough for the few fields shown here. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)").matcher(json);
        return m.find() ? m.group(1) : "?";
    }
}
