package io.kubemon.cli;

import io.kubemon.common.wire.RunStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kubemon run -- COMMAND}: an experiment in one command, as {@code perf stat -- cmd} is.
 * Starts a run, marks "command started", runs COMMAND with its standard streams passed through,
 * marks "command exited (code N)", stops the run and waits for its drain, then fetches it and
 * writes its report when asked. Exits with COMMAND's code; with kubemon's own when kubemon failed
 * (a run already active: 5, before COMMAND starts). SIGINT and SIGTERM go to COMMAND, and the run
 * is still stopped and accounted. kubemon's own lines go to standard error: standard output is
 * COMMAND's.
 */
@Command(
        name = "run",
        description = "Run COMMAND inside a run: start, mark, COMMAND, mark, stop and drain (then fetch and report). "
                + "Exits with COMMAND's exit code.")
class RunCommand extends Base {
    @picocli.CommandLine.Mixin
    CollectorOption collector;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Option(
            names = "--out",
            paramLabel = "NAME",
            description = "The run's output directory under the collector's data root (default: run-<UTC time>).")
    String out;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            description = "Sampling interval: 100ms, 1s (default: the collector's).")
    String interval;

    @Option(names = "--fetch", paramLabel = "DIR", description = "After the run, copy its files into DIR/NAME.")
    Path fetch;

    @Option(names = "--report", description = "After the run, write DIR/NAME/report.html (with --fetch; else into .).")
    boolean report;

    @Option(
            names = "--repeat",
            paramLabel = "N",
            description = "N runs of COMMAND, one after another, into NAME-1 ... NAME-N; exits 0 when every COMMAND "
                    + "exited 0, else with the first failing one's code. Ctrl-C ends the current run cleanly and "
                    + "starts no more.")
    Integer repeat;

    @Option(
            names = "--pause",
            paramLabel = "DURATION",
            defaultValue = "10s",
            description =
                    "With --repeat: the wait between two runs, for the system to settle (default ${DEFAULT-VALUE}).")
    String pause;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The command and its arguments, after --.")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        if (repeat == null) {
            return once(out != null ? out : RunNames.now(), "");
        }
        if (repeat < 1) {
            throw new CliException(ExitCodes.USAGE, "--repeat takes a number of runs of at least 1, not " + repeat);
        }
        long pauseMs = Start.millis(pause);
        PrintWriter err = root.spec.commandLine().getErr();
        String base = out != null ? out : RunNames.now();
        Signals.clearStop();
        List<String> lines = new java.util.ArrayList<>();
        Integer first = null;
        int done = 0;
        for (int i = 1; i <= repeat; i++) {
            String name = base + "-" + i;
            int code = once(name, "[" + i + "/" + repeat + "] ");
            done++;
            lines.add(String.format("kubemon: [%d/%d] %s: COMMAND exited %d", i, repeat, name, code));
            if (code != 0 && first == null) {
                first = code;
            }
            if (Signals.stopAsked() || (i < repeat && !pausedFor(err, pauseMs, i))) {
                err.printf("kubemon: stopped after run %d of %d (interrupted); no more runs started%n", i, repeat);
                break;
            }
        }
        lines.forEach(err::println);
        err.printf(
                "kubemon: %d of %d runs done, %s%n",
                done, repeat, first == null ? "every COMMAND exited 0" : "the first failing COMMAND exited " + first);
        err.flush();
        return first == null ? ExitCodes.OK : first;
    }

    private static boolean pausedFor(PrintWriter err, long ms, int i) throws InterruptedException {
        if (ms <= 0) {
            return !Signals.stopAsked();
        }
        err.printf("kubemon: pausing %d ms before run %d%n", ms, i + 1);
        err.flush();
        return Signals.pause(ms);
    }

    /** One run of COMMAND into {@code name}; COMMAND's exit code. {@code tag}: "[i/N] " before its lines. */
    private int once(String name, String tag) throws Exception {
        PrintWriter err = root.spec.commandLine().getErr();
        var body = JSON.createObjectNode().put("outputDir", name);
        if (interval != null) {
            body.put("intervalMs", Start.millis(interval));
        }
        RunStatus started = typed(collector.api(root).post("/start", JSON.writeValueAsString(body)), RunStatus.class);
        err.printf(
                "kubemon: %srun %s started into %s, sampling every %d ms%n",
                tag, started.runId(), name, started.intervalMs());
        err.flush();

        Integer code = null;
        boolean stopped = false;
        try {
            try {
                Mark.set(collector.api(root), startLabel(command), null);
            } catch (CliException e) {
                err.printf("kubemon: warning: the start mark was not set: %s%n", e.getMessage());
            }
            code = runCommand(err);
        } finally {
            stopped = finish(err, code, started.runId(), name);
        }
        if (fetch != null || report) {
            fetchAndReport(err, stopped, name);
        }
        err.flush();
        return code;
    }

    /**
     * Copies the run's files and writes its report; a collector that cannot give them is said in
     * one line with the commands that do it later. The command's exit code stands either way.
     */
    private void fetchAndReport(PrintWriter err, boolean stopped, String name) throws Exception {
        Path dir = fetch != null ? fetch : Path.of(".");
        String later = "kubemon fetch " + name + " -d " + dir + " --collector " + collector.url(root)
                + (report ? " && kubemon report " + dir.resolve(name) : "");
        if (!stopped) {
            err.printf("kubemon: not fetched: the run was not stopped; once it is: %s%n", later);
            return;
        }
        Fetch f = new Fetch();
        f.root = root;
        f.collector = collector;
        f.run = name;
        f.dir = dir;
        try {
            f.call();
        } catch (CliException e) {
            err.printf("kubemon: could not fetch %s (%s); later: %s%n", name, e.getMessage(), later);
            return;
        }
        if (report) {
            Path runDir = dir.resolve(name);
            ReportFiles.Written w = ReportFiles.write(
                    List.of(runDir), runDir.resolve("report.html"), ReportCommand.DEFAULT_POINTS, err);
            err.printf(
                    "kubemon: wrote %s (%d charts)%n",
                    runDir.resolve("report.html"), w.summary().charts());
        }
    }

    /** Runs COMMAND to its end, SIGINT and SIGTERM passed to it; its exit code. */
    private int runCommand(PrintWriter err) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            err.printf("kubemon: cannot run %s: %s%n", command.get(0), e.getMessage());
            err.flush();
            return 127; // the shell's "command not found"
        }
        Signals.forwardTo(p);
        try {
            return p.waitFor();
        } finally {
            Signals.restore();
        }
    }

    /**
     * Marks COMMAND's end and stops the run, waiting for the drain; says how it ended. A collector
     * that is gone, restarted or refusing is said in one line with the command that finishes the
     * job later; returns whether the stop was taken.
     */
    private boolean finish(PrintWriter err, Integer code, String runId, String name) {
        String later = "kubemon stop --collector " + collector.url(root);
        try {
            Mark.set(
                    collector.api(root),
                    code == null ? "command did not run: kubemon failed" : "command exited (code " + code + ")",
                    null);
        } catch (CliException e) {
            err.printf("kubemon: warning: the end mark was not set: %s%n", e.getMessage());
        }
        RunStatus s;
        try {
            s = typed(collector.api(root).post("/stop?wait=true", null), RunStatus.class);
        } catch (CliException e) {
            err.printf(
                    "kubemon: could not stop run %s (%s): %s; finish it with: %s%n",
                    runId, name, e.getMessage(), later);
            err.flush();
            return false;
        }
        try {
            for (int i = 0; i < 600 && s.state() == io.kubemon.common.wire.RunState.STOPPING; i++) {
                sleep();
                s = typed(collector.api(root).get("/status"), RunStatus.class);
            }
        } catch (CliException e) {
            err.printf(
                    "kubemon: run %s (%s) is stopping, but its drain could not be watched: %s; see: kubemon status "
                            + "--collector %s%n",
                    runId, name, e.getMessage(), collector.url(root));
            err.flush();
            return true;
        }
        err.printf(
                "kubemon: run %s (%s) %s: %d rows in %d batches%s%n",
                s.runId(),
                name,
                StatusText.state(s.state()),
                s.rows(),
                s.batches(),
                s.complete() ? "" : "; not complete (kubemon status says why)");
        StatusText.missingLines(s).forEach(l -> err.println("kubemon: " + l));
        err.flush();
        return true;
    }

    /**
     * The start mark's label: the command line, shortened to what a mark may hold (a long command
     * would have its mark refused, and a run without its start mark cannot be aligned on it).
     */
    static String startLabel(List<String> command) {
        String label = "command started: " + String.join(" ", command);
        int max = io.kubemon.common.wire.Event.MAX_MARK_LABEL;
        return label.length() <= max ? label : label.substring(0, max - 1) + "\u2026";
    }

    private static void sleep() {
        try {
            TimeUnit.MILLISECONDS.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
