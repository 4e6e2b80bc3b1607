package io.kubemon.cli;

import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code kubemon}: the collector's control plane from a terminal or a script. Human output by
 * default, {@code --json} for scripts, exit codes per {@link ExitCodes}, and errors as one line.
 */
@Command(
        name = "kubemon",
        mixinStandardHelpOptions = true,
        version = "kubemon 0.1.0",
        description = "Drive a kubemon collector: list agents, start and stop runs, show the metric tables.",
        subcommands = {
            KubemonCli.Instances.class,
            KubemonCli.Start.class,
            KubemonCli.Stop.class,
            KubemonCli.Status.class,
            KubemonCli.ListTables.class,
            KubemonCli.Merge.class,
            KubemonCli.ReportCommand.class,
            KubemonCli.Fetch.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:other failure",
            "2:bad command line",
            "3:collector unreachable",
            "4:token missing or wrong (401)",
            "5:conflict: a run is active, or none is (409)",
            "6:request refused (400, 404, 413)",
            "7:rows missing: the run's files lack rows an agent sampled (stop, status)",
            "8:the collector's data volume is failing, or too full to start a run (507)"
        })
public class KubemonCli {

    @Option(
            names = "--collector",
            scope = ScopeType.INHERIT,
            paramLabel = "URL",
            defaultValue = "${env:KUBEMON_COLLECTOR:-http://localhost:8080}",
            description = "Collector base URL (env KUBEMON_COLLECTOR; default ${DEFAULT-VALUE}).")
    String collector;

    @Option(
            names = "--json",
            scope = ScopeType.INHERIT,
            description = "Print the collector's JSON answer, for scripts.")
    boolean json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** The token comes from the environment only, never from the command line (it would show in ps). */
    String token() {
        String t = System.getenv("KUBEMON_TOKEN");
        return t != null ? t : System.getenv("KUBEMON_SECURITY_TOKEN");
    }

    CollectorApi api() {
        return new CollectorApi(collector, token());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with kubemon's error handling: one readable line and a meaningful exit code. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new KubemonCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliException ce) {
                commandLine.getErr().println("kubemon: " + ce.getMessage());
                return ce.exitCode();
            }
            commandLine.getErr().println("kubemon: unexpected error: " + e);
            return ExitCodes.ERROR;
        });
        return cli;
    }

    abstract static class Base implements Callable<Integer> {
        @ParentCommand
        KubemonCli root;

        PrintWriter out() {
            return root.spec.commandLine().getOut();
        }

        int print(JsonNode node, Runnable human) {
            if (root.json) {
                out().println(node.toPrettyString());
            } else {
                human.run();
            }
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "instances", description = "The registered agents and their state.")
    static class Instances extends Base {
        @Override
        public Integer call() {
            JsonNode n = root.api().get("/instances");
            return print(n, () -> {
                long connected = n.get("instances")
                        .valueStream()
                        .filter(i -> i.get("state").asString().equals("CONNECTED"))
                        .count();
                out().println("Connected instances: " + connected);
                boolean group = n.has("collectors");
                if (group) {
                    for (JsonNode m : n.get("collectors")) {
                        out().printf(
                                        "  collector %s: %s%n",
                                        m.get("url").asString(),
                                        m.get("reachable").asBoolean()
                                                ? m.get("count").asInt() + " agent(s)"
                                                : "UNREACHABLE ("
                                                        + m.path("error").asString("no answer")
                                                        + "): its agents are not listed");
                    }
                }
                if (n.get("count").asInt() > 0) {
                    out().printf(
                                    "%-24s %-10s %-26s %10s %12s %9s  %s%n",
                                    "NODE",
                                    "STATE",
                                    "LAST SEEN",
                                    "BATCHES",
                                    "ROWS",
                                    "DROPPED",
                                    group ? "COLLECTOR / NOTICES" : "NOTICES");
                    n.get("instances")
                            .forEach(i -> out().printf(
                                            "%-24s %-10s %-26s %10d %12d %9d  %s%n",
                                            i.get("nodeName").asString(),
                                            i.get("state").asString(),
                                            i.get("lastSeen").asString(),
                                            i.get("batches").asLong(),
                                            i.get("rows").asLong(),
                                            i.has("droppedRows")
                                                    ? i.get("droppedRows").asLong()
                                                    : 0,
                                            (i.has("collector")
                                                            ? i.get("collector").asString() + "  "
                                                            : "")
                                                    + (i.has("notices")
                                                            ? String.join(
                                                                    "; ",
                                                                    i.get("notices")
                                                                            .valueStream()
                                                                            .map(JsonNode::asString)
                                                                            .toList())
                                                            : "")));
                }
            });
        }
    }

    @Command(name = "start", description = "Start a run: every agent samples into DIR under the collector's data root.")
    static class Start extends Base {
        private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

        @Parameters(paramLabel = "DIR", description = "Output directory, relative to the collector's data root.")
        String dir;

        @Option(
                names = "--interval",
                paramLabel = "DURATION",
                description = "Sampling interval: 100ms, 1s, 1m (default: the collector's, 1s).")
        String interval;

        @Override
        public Integer call() {
            StringBuilder body = new StringBuilder("{\"outputDir\":").append(quote(dir));
            if (interval != null) {
                body.append(",\"intervalMs\":").append(millis(interval));
            }
            JsonNode n = root.api().post("/start", body.append('}').toString());
            return print(
                    n,
                    () -> out().printf(
                                    "started run %s into %s (%s), sampling every %d ms%n",
                                    n.get("runId").asString(),
                                    n.get("outputDir").asString(),
                                    n.get("path").asString(),
                                    n.get("intervalMs").asLong()));
        }

        static long millis(String text) {
            Matcher m = DURATION.matcher(text.trim());
            if (!m.matches()) {
                throw new CliException(
                        ExitCodes.USAGE, "--interval takes a duration like 500ms, 1s or 1m, not '" + text + "'");
            }
            long v = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "ms" : m.group(2);
            return switch (unit) {
                case "s" -> v * 1000;
                case "m" -> v * 60_000;
                default -> v;
            };
        }

        private static String quote(String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }
    }

    @Command(
            name = "stop",
            description = "Stop the active run: sampling ends now, then the run waits until every agent "
                    + "has delivered what it sampled (or the collector's drain timeout), and its files are closed.")
    static class Stop extends Base {
        @Option(names = "--no-wait", description = "Return once sampling has ended, without waiting for the drain.")
        boolean noWait;

        @Override
        public Integer call() throws InterruptedException {
            JsonNode n = root.api().post("/stop", null);
            String runId = n.get("runId").asString();
            String progress = "";
            while (!noWait
                    && n.get("state").asString().equals("stopping")
                    && runId.equals(n.get("runId").asString())) {
                if (!root.json) {
                    String line = drainLine(n);
                    if (!line.equals(progress)) {
                        root.spec.commandLine().getErr().println(line);
                        root.spec.commandLine().getErr().flush();
                        progress = line;
                    }
                }
                Thread.sleep(250);
                n = root.api().get("/status");
            }
            JsonNode last = n;
            print(last, () -> {
                if (last.get("state").asString().equals("stopping")) {
                    out().printf(
                                    "stopping run %s at %s; %s%n",
                                    runId, last.get("stopAt").asString(), drainLine(last));
                    return;
                }
                out().printf(
                                "stopped run %s: %d rows in %d batches, %d rows dropped by agents, in %s%n",
                                last.get("runId").asString(),
                                last.get("rows").asLong(),
                                last.get("batches").asLong(),
                                last.get("droppedRows").asLong(),
                                last.get("path").asString());
                last.get("monitors")
                        .properties()
                        .forEach(e -> out().printf(
                                        "  %-10s %4d files %10d rows%n",
                                        e.getKey(),
                                        e.getValue().get("files").asLong(),
                                        e.getValue().get("rows").asLong()));
                collectorLines(this, last);
            });
            storeLine(this, last, true);
            missingLines(this, last);
            return exitCode(last);
        }

        private static String drainLine(JsonNode n) {
            long waiting = 0;
            long outstanding = 0;
            for (JsonNode a : n.get("agents")) {
                if (a.get("drain").asString().equals("delivering")) {
                    waiting++;
                    outstanding += a.get("outstandingRows").isNull()
                            ? 0
                            : a.get("outstandingRows").asLong();
                }
            }
            return "draining: " + waiting + " agent(s) still delivering, " + outstanding
                    + " row(s) outstanding; the run finishes by "
                    + n.get("drainDeadline").asString();
        }
    }

    /**
     * In a collector group, one line per member: its state, rows and agents, or why it did not
     * answer (its nodes' rows are then not in the figures above). Nothing for a single collector.
     */
    static void collectorLines(Base cmd, JsonNode n) {
        JsonNode members = n.get("collectors");
        if (members == null || !members.isArray()) {
            return;
        }
        for (JsonNode m : members) {
            if (m.get("reachable").asBoolean()) {
                cmd.out()
                        .printf(
                                "  collector %s: %s, %d rows, %d agent(s)%s%n",
                                m.get("url").asString(),
                                m.get("state").asString(),
                                m.get("rows").asLong(),
                                m.get("agents").asInt(),
                                m.hasNonNull("error") ? " (" + m.get("error").asString() + ")" : "");
            } else {
                cmd.out()
                        .printf(
                                "  collector %s: UNREACHABLE (%s): its nodes are not counted above%n",
                                m.get("url").asString(), m.path("error").asString("no answer"));
            }
        }
    }

    /**
     * One line per agent whose rows are not all in the files, saying why; nothing when nothing is missing.
     * Lines go to standard error as well when --json prints the answer, so a script's log shows them.
     */
    static void missingLines(Base cmd, JsonNode n) {
        PrintWriter w = cmd.root.json ? cmd.root.spec.commandLine().getErr() : cmd.out();
        for (JsonNode a : n.get("agents")) {
            // Not missing rows: cells a malformed field left empty. Said, so that no empty cell is unexplained.
            long malformed = a.path("malformedFields").asLong(0);
            if (malformed > 0) {
                w.printf(
                        "empty cells: %s: %d field(s) were malformed in their files and left empty (see the agent's log)%n",
                        a.get("nodeName").isNull()
                                ? a.get("agentId").asString()
                                : a.get("nodeName").asString(),
                        malformed);
            }
        }
        for (JsonNode a : n.get("agents")) {
            String drain = a.get("drain").asString();
            boolean unknown = a.get("missingRows").isNull();
            long missing = unknown ? 0 : a.get("missingRows").asLong();
            if (drain.equals("collecting")
                    || (drain.equals("delivering") && !n.get("state").asString().equals("finished"))) {
                if (droppedTotal(a) == 0) {
                    continue;
                }
            } else if (!unknown && missing == 0 && !drain.equals("timeout")) {
                continue;
            }
            String node = a.get("nodeName").isNull()
                    ? a.get("agentId").asString()
                    : a.get("nodeName").asString();
            StringBuilder why = new StringBuilder();
            JsonNode d = a.get("droppedRows");
            if (d != null && !d.isNull()) {
                append(why, d, "spoolFull", "spool full");
                append(why, d, "refused", "refused by the collector");
                append(why, d, "agentRestart", "lost in an agent restart");
                append(why, d, "drainTimeout", "not delivered by the drain timeout");
                append(why, d, "storeFailed", "not written: the collector's data volume was failing");
            }
            if (unknown) {
                w.printf(
                        "missing: %s: %s; rows it sampled unknown (%s)%n",
                        node,
                        drain.equals("no_account") ? "keeps no run account" : "sent no account of this run",
                        a.get("deliveredRows").asLong() + " delivered");
            } else {
                w.printf(
                        "missing: %s: %d of %d sampled row(s) not in the files%s%s%n",
                        node,
                        missing,
                        a.get("sampledRows").asLong(),
                        why.length() > 0 ? " (" + why + ")" : "",
                        drain.equals("timeout")
                                ? "; it did not finish delivering before the drain timeout"
                                : drain.equals("store_failed")
                                        ? "; the data volume was still failing at the store-recovery timeout"
                                        : "");
            }
        }
        w.flush();
    }

    private static long droppedTotal(JsonNode a) {
        JsonNode d = a.get("droppedRows");
        if (d == null || d.isNull()) {
            return 0;
        }
        return d.path("spoolFull").asLong(0)
                + d.path("refused").asLong(0)
                + d.path("agentRestart").asLong(0)
                + d.path("drainTimeout").asLong(0)
                + d.path("storeFailed").asLong(0); // absent in run.json files before the store could fail
    }

    private static void append(StringBuilder b, JsonNode d, String field, String words) {
        long v = d.path(field).asLong(0);
        if (v > 0) {
            b.append(b.length() > 0 ? ", " : "").append(v).append(' ').append(words);
        }
    }

    /**
     * The collector's data volume in one line: failing (since when, why, batches refused), low on
     * space, or (unless {@code onlyTrouble}) ok with its free space; nothing from an older collector.
     * To standard error as well when --json prints the answer.
     */
    static void storeLine(Base cmd, JsonNode n, boolean onlyTrouble) {
        JsonNode v = n.path("store");
        if (!v.isObject()) {
            return;
        }
        PrintWriter w = cmd.root.json ? cmd.root.spec.commandLine().getErr() : cmd.out();
        String space = v.path("freeBytes").isNumber()
                ? mib(v.get("freeBytes").asLong()) + " free of "
                        + mib(v.path("totalBytes").asLong(0))
                : "free space unknown";
        if (isFailing(n)) {
            w.printf(
                    "store: failing since %s: %s (%s); %d batch(es) refused and kept by the agents until it takes writes again; %s%n",
                    v.path("since").asString(""),
                    v.path("description").asString(""),
                    v.path("detail").asString(""),
                    v.path("refusedBatches").asLong(0),
                    space);
        } else if (v.path("lowSpace").asBoolean(false)) {
            w.printf("store: low on space: %s%n", space);
        } else if (!onlyTrouble && !cmd.root.json) {
            w.printf("store: ok, %s%n", space);
        }
        w.flush();
    }

    static boolean isFailing(JsonNode n) {
        return "FAILING".equals(n.path("store").path("state").asString(""));
    }

    private static String mib(long bytes) {
        return bytes >= 10L << 30 ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
    }

    /**
     * 0 when nothing is missing; {@link ExitCodes#STORE_FAILING} while the collector's data volume
     * fails (the run's rows wait at the agents); {@link ExitCodes#ROWS_MISSING} when rows are
     * missing or cannot be accounted for.
     */
    static int exitCode(JsonNode n) {
        if (isFailing(n)) {
            return ExitCodes.STORE_FAILING;
        }
        String state = n.get("state").asString();
        if (state.equals("finished")) {
            return n.get("complete").asBoolean() ? ExitCodes.OK : ExitCodes.ROWS_MISSING;
        }
        for (JsonNode a : n.get("agents")) {
            if (droppedTotal(a) > 0) {
                return ExitCodes.ROWS_MISSING;
            }
        }
        return ExitCodes.OK;
    }

    @Command(
            name = "status",
            description =
                    "The active run, or the last one; exit 7 when rows are missing, 8 while the data volume fails.")
    static class Status extends Base {
        @Override
        public Integer call() {
            JsonNode n = root.api().get("/status");
            print(n, () -> {
                if (n.get("runId").isNull()) {
                    out().println("no run yet");
                } else {
                    out().printf(
                                    "%s run %s into %s every %d ms: %d rows, %d batches%n",
                                    n.get("state").asString() + ":",
                                    n.get("runId").asString(),
                                    n.get("outputDir").asString(),
                                    n.get("intervalMs").asLong(),
                                    n.get("rows").asLong(),
                                    n.get("batches").asLong());
                    if (n.get("state").asString().equals("stopping")) {
                        out().println(Stop.drainLine(n));
                    }
                }
                collectorLines(this, n);
            });
            storeLine(this, n, false);
            if (!n.get("runId").isNull()) {
                missingLines(this, n);
            }
            return n.get("runId").isNull() && !isFailing(n) ? ExitCodes.OK : exitCode(n);
        }
    }

    @Command(
            name = "merge",
            description = "Join the files of one run into one CSV aligned on timestamp and node: "
                    + "the OS columns and per-node container aggregates (no collector needed).")
    static class Merge extends Base {
        @Parameters(paramLabel = "RUN_DIR", description = "A run's directory under the collector's data root.")
        java.nio.file.Path runDir;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FILE",
                description = "Output file (default RUN_DIR/merged.csv).")
        java.nio.file.Path output;

        @Override
        public Integer call() throws Exception {
            java.nio.file.Path out = output != null ? output : runDir.resolve("merged.csv");
            long rows = new RunMerger(root.spec.commandLine().getErr()).merge(runDir, out);
            out().printf("wrote %d rows to %s%n", rows, out);
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "report",
            description = "Write one self-contained HTML report of one or more runs: charts of every "
                    + "node, container and top process, the run's record of what was missing. Several runs are compared on one "
                    + "relative time axis. Opens offline (no collector needed).")
    static class ReportCommand extends Base {
        @Parameters(
                arity = "1..*",
                paramLabel = "RUN_DIR",
                description = "Run directories (as written by the collector, or fetched).")
        java.util.List<java.nio.file.Path> runDirs;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FILE",
                description = "Output file (default FIRST_RUN_DIR/report.html).")
        java.nio.file.Path output;

        @Option(
                names = "--points",
                paramLabel = "N",
                defaultValue = "2500000",
                description =
                        "Numbers embedded per run at most, shared by all its series (default ${DEFAULT-VALUE}, about 5 bytes each); "
                                + "a longer run is drawn as min/max per bucket.")
        long points;

        @Override
        public Integer call() throws Exception {
            for (java.nio.file.Path d : runDirs) {
                if (!java.nio.file.Files.isDirectory(d)) {
                    throw new CliException(ExitCodes.REFUSED, d + " is not a directory");
                }
            }
            if (points < 1000) {
                throw new CliException(ExitCodes.USAGE, "--points must be at least 1000");
            }
            java.nio.file.Path out = output != null ? output : runDirs.get(0).resolve("report.html");
            java.io.PrintWriter err = root.spec.commandLine().getErr();
            ReportFiles.Written w;
            try {
                w = ReportFiles.write(runDirs, out, points, err);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.REFUSED, e.getMessage());
            }
            io.kubemon.report.Report.Summary s = w.summary();
            out().printf(
                            "wrote %s (%.1f MiB): %d run(s), %d nodes and containers, %d charts, %d series from %d rows%n",
                            out, w.bytes() / 1048576.0, s.runs(), s.sections(), s.charts(), s.series(), s.rows());
            s.warnings().forEach(x -> err.println("kubemon: warning: " + x));
            out().flush();
            err.flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "fetch",
            description = "Copy a run's files from the collector (its data volume) into DIR/RUN: "
                    + "the CSV files and run.json, as the collector has them now.")
    static class Fetch extends Base {
        @Parameters(paramLabel = "RUN", description = "The run's output directory, as given to start (see GET /runs).")
        String run;

        @Option(
                names = {"-d", "--dir"},
                paramLabel = "DIR",
                defaultValue = ".",
                description = "Where to put it (default: here).")
        java.nio.file.Path dir;

        @Override
        public Integer call() throws Exception {
            if (run.isBlank()
                    || run.startsWith("/")
                    || java.util.Arrays.asList(run.split("/")).contains("..")) {
                throw new CliException(
                        ExitCodes.USAGE, "RUN is a run's output directory relative to the data root, e.g. exp1");
            }
            java.io.PrintWriter err = root.spec.commandLine().getErr();
            java.nio.file.Files.createDirectories(dir);
            JsonNode members = root.api().get("/status").get("collectors");
            if (members != null && members.isArray() && members.size() > 1) {
                return fetchGroup(members, err);
            }
            java.nio.file.Path zip = java.nio.file.Files.createTempFile(dir, ".kubemon-fetch-", ".zip");
            try {
                long bytes = download("/runs/" + RunArchive.encodePath(run) + "/files", zip, err);
                RunArchive.Unpacked u = RunArchive.unpack(zip, dir);
                out().printf(
                                "fetched %s: %d file(s), %.1f MiB into %s%n",
                                run, u.files(), bytes / 1048576.0, dir.resolve(run));
                out().flush();
                return ExitCodes.OK;
            } finally {
                java.nio.file.Files.deleteIfExists(zip);
            }
        }

        private long download(String path, java.nio.file.Path zip, java.io.PrintWriter err) {
            long[] shown = {0};
            long bytes = root.api().download(path, zip, n -> {
                if (n - shown[0] >= 4 << 20) {
                    shown[0] = n;
                    err.printf("\rreceived %.1f MiB", n / 1048576.0);
                    err.flush();
                }
            });
            if (shown[0] > 0) {
                err.println();
            }
            return bytes;
        }

        /**
         * A collector group's run: each member's files through the one address given (the member
         * there relays the others'), laid out in DIR/RUN as one collector writes a run, with one
         * run.json merged from the members' ({@link GroupRunJson}). A member that cannot be reached
         * is named, and the exit code says that rows are missing.
         */
        private Integer fetchGroup(JsonNode members, java.io.PrintWriter err) throws java.io.IOException {
            java.nio.file.Path target = dir.resolve(run).toAbsolutePath().normalize();
            java.util.List<GroupRunJson.Part> parts = new java.util.ArrayList<>();
            java.util.List<String> missing = new java.util.ArrayList<>();
            java.util.Map<java.nio.file.Path, String> from = new java.util.HashMap<>();
            int files = 0;
            long bytes = 0;
            for (int i = 0; i < members.size(); i++) {
                String url = members.get(i).get("url").asString();
                java.nio.file.Path zip = java.nio.file.Files.createTempFile(dir, ".kubemon-fetch-", ".zip");
                java.nio.file.Path staging = java.nio.file.Files.createTempDirectory(dir, ".kubemon-fetch-");
                try {
                    err.printf("fetching %s from collector %d of %d (%s)%n", run, i + 1, members.size(), url);
                    err.flush();
                    try {
                        bytes += download("/runs/" + RunArchive.encodePath(run) + "/files?collector=" + i, zip, err);
                    } catch (CliException e) {
                        err.printf("kubemon: warning: collector %s: %s%n", url, e.getMessage());
                        missing.add(url);
                        continue;
                    }
                    RunArchive.unpack(zip, staging);
                    java.nio.file.Path part = staging.resolve(run);
                    java.nio.file.Path runJson = part.resolve("run.json");
                    if (!java.nio.file.Files.exists(runJson)) {
                        throw new CliException(ExitCodes.ERROR, "collector " + url + " sent no run.json for " + run);
                    }
                    parts.add(new GroupRunJson.Part(
                            url,
                            tools.jackson.databind.json.JsonMapper.builder()
                                    .build()
                                    .readTree(runJson.toFile())));
                    java.nio.file.Files.delete(runJson);
                    try (var walk = java.nio.file.Files.walk(part)) {
                        for (java.nio.file.Path f :
                                walk.filter(java.nio.file.Files::isRegularFile).toList()) {
                            java.nio.file.Path to =
                                    target.resolve(part.relativize(f).toString());
                            String other = from.put(to, url);
                            if (other != null) {
                                throw new CliException(
                                        ExitCodes.ERROR,
                                        "both " + other + " and " + url + " hold " + part.relativize(f)
                                                + ": a node written by two collectors");
                            }
                            java.nio.file.Files.createDirectories(to.getParent());
                            java.nio.file.Files.move(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                            files++;
                        }
                    }
                } finally {
                    java.nio.file.Files.deleteIfExists(zip);
                    try (var walk = java.nio.file.Files.walk(staging)) {
                        for (java.nio.file.Path p :
                                walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            java.nio.file.Files.deleteIfExists(p);
                        }
                    }
                }
            }
            if (parts.isEmpty()) {
                throw new CliException(ExitCodes.UNREACHABLE, "no collector of the group gave run " + run);
            }
            java.nio.file.Files.createDirectories(target);
            java.nio.file.Path merged = target.resolve("run.json");
            java.nio.file.Files.writeString(
                    merged,
                    tools.jackson.databind.json.JsonMapper.builder()
                            .build()
                            .writerWithDefaultPrettyPrinter()
                            .writeValueAsString(GroupRunJson.merge(parts, missing)));
            out().printf(
                            "fetched %s from %d of %d collectors: %d file(s), %.1f MiB into %s%n",
                            run, parts.size(), members.size(), files + 1, bytes / 1048576.0, target);
            out().flush();
            if (!missing.isEmpty()) {
                err.printf("kubemon: the nodes owned by %s are not in %s%n", String.join(", ", missing), target);
                err.flush();
                return ExitCodes.ROWS_MISSING;
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", description = "The monitors, their tables and columns (no collector needed).")
    static class ListTables extends Base {
        @Override
        public Integer call() {
            if (root.json) {
                StringBuilder b = new StringBuilder("[");
                for (Table t : Schemas.ALL) {
                    b.append(b.length() > 1 ? "," : "")
                            .append("{\"table\":\"")
                            .append(t.name())
                            .append("\",\"monitor\":\"")
                            .append(t.monitor())
                            .append("\",\"version\":")
                            .append(t.version())
                            .append(",\"columns\":[");
                    for (int i = 0; i < t.header().length; i++) {
                        b.append(i > 0 ? "," : "")
                                .append('"')
                                .append(t.header()[i])
                                .append('"');
                    }
                    b.append("]}");
                }
                out().println(b.append(']'));
            } else {
                for (Table t : Schemas.ALL) {
                    out().printf("%s / %s (v%d): %s%n", t.monitor(), t.name(), t.version(), t.description());
                    for (Column c : t.columns()) {
                        out().printf(
                                        "    %-36s %-8s %s%n",
                                        c.name(), c.kind().name().toLowerCase(), c.unit());
                    }
                }
            }
            out().flush();
            return ExitCodes.OK;
        }
    }
}
