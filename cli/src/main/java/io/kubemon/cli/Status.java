package io.kubemon.cli;

import io.kubemon.common.wire.RunState;
import io.kubemon.common.wire.RunStatus;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

@Command(
        name = "status",
        description = "The active run, or the last one; exit 7 when rows are missing, 8 while the data volume fails.")
class Status extends Base {
    @picocli.CommandLine.Mixin
    CollectorOption collector;

    @picocli.CommandLine.Mixin
    JsonOption jsonOption;

    @Override
    boolean json() {
        return jsonOption.on || root.json;
    }

    @Override
    public Integer call() {
        JsonNode n = collector.api(root).get("/status");
        RunStatus s = typed(n, RunStatus.class);
        print(n, () -> {
            out().println(StatusText.runLine(s));
            if (s.state() == RunState.STOPPING) {
                out().println(StatusText.drainLine(s));
            }
            StatusText.collectorLines(s).forEach(out()::println);
        });
        say(StatusText.storeLines(s, json()));
        if (s.runId() != null) {
            say(StatusText.missingLines(s));
        }
        return StatusText.exitCode(s);
    }
}
