package io.kubemon.cli;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

@Command(
        name = "status",
        description = "The active run, or the last one; exit 7 when rows are missing, 8 while the data volume fails.")
class Status extends Base {
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
                    out().println(StatusText.drainLine(n));
                }
            }
            StatusText.collectorLines(n).forEach(out()::println);
        });
        say(StatusText.storeLines(n, root.json));
        if (!n.get("runId").isNull()) {
            say(StatusText.missingLines(n));
        }
        return StatusText.exitCode(n);
    }
}
