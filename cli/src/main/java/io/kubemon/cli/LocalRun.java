package io.kubemon.cli;

import io.kubemon.common.wire.Instance;
import io.kubemon.common.wire.InstanceList;
import io.kubemon.common.wire.RunStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real local collection, what {@code scripts/run-local.sh} runs after building the jars: the
 * collector and an agent on this host on free loopback ports, one run, a summary of its files.
 * Part of the CLI's module so the build compiles it and it talks to the collector through the
 * same client ({@link CollectorApi}, JSON read by Jackson) as every other command.
 */
public final class LocalRun {
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);

    /** The options; {@code help} set when only the usage was asked for. */
    record Options(int durationSeconds, long intervalMs, Path dataDir, String out, boolean help) {
        static final String USAGE = "usage: run-local.sh [--duration SECONDS (30)] [--interval-ms MS (1000)] "
                + "[--data-dir DIR (./local-run)] [--out NAME (run-<UTC time>)]";

        static Options parse(String[] args, ZonedDateTime now) {
            int duration = 30;
            long interval = 1000;
            Path dataDir = Path.of("local-run");
            String out = RunNames.at(now.toInstant());
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("-h") || option.equals("--help")) {
                    return new Options(duration, interval, dataDir, out, true);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value (try --help)");
                }
                String value = args[++i];
                switch (option) {
                    case "--duration" -> duration = number(option, value);
                    case "--interval-ms" -> interval = number(option, value);
                    case "--data-dir" -> dataDir = Path.of(value);
                    case "--out" -> out = value;
                    default -> throw new IllegalArgumentException("unknown option " + option + " (try --help)");
                }
            }
            if (duration < 1 || interval < 10) {
                throw new IllegalArgumentException("--duration must be >= 1 s and --interval-ms >= 10 ms");
            }
            return new Options(duration, interval, dataDir, out, false);
        }

        private static int number(String option, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " takes a whole number, not '" + value + "'");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args, ZonedDateTime.now());
        } catch (IllegalArgumentException e) {
            System.err.println("run-local: " + e.getMessage());
            System.exit(ExitCodes.USAGE);
            return;
        }
        if (o.help()) {
            System.out.println(Options.USAGE);
            return;
        }
        try {
            run(o, Path.of("").toAbsolutePath());
        } catch (CliException e) {
            System.err.println("run-local: " + e.getMessage());
            System.exit(e.exitCode());
        }
    }

    private static void run(Options o, Path root) throws Exception {
        Path collectorJar = root.resolve("collector-service/target/collector-service.jar");
        Path agentJar = root.resolve("monitor-agent/target/monitor-agent.jar");
        for (Path jar : List.of(collectorJar, agentJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new CliException(
                        ExitCodes.ERROR,
                        jar + " is missing; build with ./mvnw -DskipTests package (run-local.sh does)");
            }
        }
        Path dataDir = o.dataDir().toAbsolutePath();
        Path logs = dataDir.resolve("logs");
        Files.createDirectories(logs);
        int collectorPort = freePort();
        int agentPort = freePort();
        String collector = "http://127.0.0.1:" + collectorPort;
        // Only this host can reach the services, and only this run can start or stop one: a token
        // made now, given to the collector in its environment (never on a command line, where ps
        // shows it) and to the agent, which sends it, and printed once for the user's own kubemon calls.
        String token = newToken();
        CollectorApi api = new CollectorApi(collector, token);
        List<Process> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(Process::destroy)));

        System.out.printf(
                "starting collector on :%d (data in %s) and agent on :%d%n", collectorPort, dataDir, agentPort);
        System.out.println("collector token (KUBEMON_TOKEN for kubemon against it): " + token);
        started.add(launch(
                collectorJar,
                List.of("-XX:+UseSerialGC", "-XX:NewRatio=1"),
                logs.resolve("collector.log"),
                java.util.Map.of("KUBEMON_SECURITY_TOKEN", token),
                "--server.address=127.0.0.1",
                "--server.port=" + collectorPort,
                "--kubemon.collector.data-dir=" + dataDir));
        // The agent's JVM options live in one file, shared with the Dockerfile and the Helm chart.
        List<String> agentJvm = List.of(Files.readString(root.resolve("monitor-agent/jvm.options"))
                .trim()
                .split("\\s+"));
        started.add(launch(
                agentJar,
                agentJvm,
                logs.resolve("agent.log"),
                java.util.Map.of("KUBEMON_SECURITY_TOKEN", token),
                "--server.address=127.0.0.1",
                "--server.port=" + agentPort,
                "--kubemon.agent.advertise-address=http://127.0.0.1:" + agentPort,
                "--kubemon.agent.collector-url=" + collector,
                "--kubemon.agent.spool-dir=" + dataDir.resolve("agent-spool")));
        await(
                "the collector to be ready",
                () -> api.get("/actuator/health/readiness")
                        .path("status")
                        .asString("")
                        .equals("UP"),
                started,
                logs);
        await(
                "the agent to register",
                () -> Base.typed(api.get("/instances"), InstanceList.class).connected() > 0,
                started,
                logs);
        for (Instance i : Base.typed(api.get("/instances"), InstanceList.class).instances()) {
            System.out.printf("  agent %s on %s: %s%n", i.agentId(), i.nodeName(), i.state());
        }

        ObjectNode start =
                JsonNodeFactory.instance.objectNode().put("outputDir", o.out()).put("intervalMs", o.intervalMs());
        RunStatus run = Base.typed(api.post("/start", start.toString()), RunStatus.class);
        System.out.printf(
                "run %s started: sampling every %d ms for %d s%n", run.runId(), o.intervalMs(), o.durationSeconds());
        for (int s = 1; s <= o.durationSeconds(); s++) {
            Thread.sleep(1000);
            System.out.printf(
                    "\r  %3d/%d s  %d rows",
                    s,
                    o.durationSeconds(),
                    Base.typed(api.get("/status"), RunStatus.class).rows());
        }
        System.out.println();
        RunStatus summary = Base.typed(api.post("/stop?wait=true", null), RunStatus.class);
        System.out.println("run stopped: " + summary.rows() + " rows in " + summary.batches() + " batches");
        started.forEach(Process::destroy);
        summarize(dataDir.resolve(o.out()));
        Path runDir = dataDir.resolve(o.out());
        System.out.println("run " + summary.runId() + " in " + runDir);
        // The quick start ends in something to look at: the run's report, written beside it.
        int reported = KubemonCli.commandLine().execute("report", runDir.toString());
        if (reported != 0) {
            throw new CliException(reported, "the run is complete, but its report could not be written");
        }
        System.out.println(
                "open it in a browser: " + runDir.resolve("report.html").toUri());
    }

    /** Each CSV file of the run: its rows and the first and last timestamps. */
    private static void summarize(Path runDir) throws IOException {
        System.out.println("CSV files under " + runDir + ":");
        try (Stream<Path> files = Files.walk(runDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(io.kubemon.common.schema.Table.EXTENSION))
                    .sorted()
                    .toList()) {
                List<String> lines = Files.readAllLines(f);
                int rows = lines.size() - 1;
                String first = rows > 0 ? lines.get(1).split(",", 2)[0] : "-";
                String last = rows > 0 ? lines.get(lines.size() - 1).split(",", 2)[0] : "-";
                System.out.printf("  %-40s %6d rows  %s .. %s%n", runDir.relativize(f), rows, first, last);
            }
        }
    }

    /** Polls until {@code ready}; a service that exits meanwhile, or two minutes, end it with the logs named. */
    private static void await(String what, BooleanSupplier ready, List<Process> started, Path logs)
            throws InterruptedException {
        System.out.print("waiting for " + what);
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            for (Process p : started) {
                if (!p.isAlive()) {
                    throw new CliException(ExitCodes.ERROR, "a service exited early; see " + logs);
                }
            }
            try {
                if (ready.getAsBoolean()) {
                    System.out.println(" ok");
                    return;
                }
            } catch (CliException e) {
                // not up yet
            }
            System.out.print(".");
            Thread.sleep(500);
        }
        throw new CliException(ExitCodes.UNREACHABLE, "gave up waiting for " + what + "; see " + logs);
    }

    private static String newToken() {
        byte[] b = new byte[24];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    private static Process launch(
            Path jar, List<String> jvm, Path log, java.util.Map<String, String> env, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        return pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private LocalRun() {}
}
