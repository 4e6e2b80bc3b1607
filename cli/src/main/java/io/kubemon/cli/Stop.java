package io.kubemon.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(
        name = "stop",
        description = "Stop the active run: sampling ends now, then the run waits until every agent "
                + "has delivered what it sampled (or the collector's drain timeout), and its files are closed.")
class Stop extends Base {
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
                String line = StatusText.drainLine(n);
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
                                runId, last.get("stopAt").asString(), StatusText.drainLine(last));
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
            StatusText.collectorLines(last).forEach(out()::println);
        });
        say(StatusText.storeLines(last, true));
        say(StatusText.missingLines(last));
        return StatusText.exitCode(last);
    }
}
