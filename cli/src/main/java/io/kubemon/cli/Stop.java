package io.kubemon.cli;

import io.kubemon.common.wire.RunState;
import io.kubemon.common.wire.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(
        name = "stop",
        description = "Stop the active run: sampling ends now, then the run waits until every agent "
                + "has delivered what it sampled (or the collector's drain timeout), and its files are closed.")
class Stop extends Base {
    @picocli.CommandLine.Mixin
    CollectorOption collector;

    @picocli.CommandLine.Mixin
    JsonOption jsonOption;

    @Override
    boolean json() {
        return jsonOption.on || root.json;
    }

    @Option(names = "--no-wait", description = "Return once sampling has ended, without waiting for the drain.")
    boolean noWait;

    @Override
    public Integer call() throws InterruptedException {
        JsonNode n = collector.api(root).post("/stop", null);
        RunStatus s = typed(n, RunStatus.class);
        String runId = s.runId();
        String progress = "";
        while (!noWait && s.state() == RunState.STOPPING && runId.equals(s.runId())) {
            if (!json()) {
                String line = StatusText.drainLine(s);
                if (!line.equals(progress)) {
                    root.spec.commandLine().getErr().println(line);
                    root.spec.commandLine().getErr().flush();
                    progress = line;
                }
            }
            Thread.sleep(250);
            n = collector.api(root).get("/status");
            s = typed(n, RunStatus.class);
        }
        RunStatus last = s;
        print(n, () -> {
            if (last.state() == RunState.STOPPING) {
                out().printf(
                                "stopping run %s (%s) at %s; %s%n",
                                runId, last.outputDir(), last.stopAt(), StatusText.drainLine(last));
                return;
            }
            out().printf(
                            "stopped run %s (%s): %d rows in %d batches, %d rows dropped by agents, in %s%n",
                            last.runId(),
                            last.outputDir(),
                            last.rows(),
                            last.batches(),
                            last.droppedRows(),
                            last.path());
            last.monitors()
                    .forEach((monitor, t) ->
                            out().printf("  %-10s %4d files %10d rows%n", monitor, t.files(), t.rows()));
            StatusText.collectorLines(last).forEach(out()::println);
        });
        say(StatusText.storeLines(last, true));
        say(StatusText.missingLines(last));
        return StatusText.exitCode(last);
    }
}
