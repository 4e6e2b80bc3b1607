package io.kubemon.collector.run;

import io.kubemon.collector.store.RunStore;
import io.kubemon.common.wire.DesiredState;

/** The active run with the files it writes to; {@code stopping} null while it collects. */
public record ActiveRun(Run run, RunStore writer, Stopping stopping) {

    /** What agents are told: sample (collecting), or sample nothing after the stop instant. */
    DesiredState desiredState() {
        return stopping == null
                ? new DesiredState(true, run.runId(), run.outputDir(), run.intervalMs())
                : new DesiredState(false, run.runId(), run.outputDir(), run.intervalMs(), stopping.stopAtMs());
    }

    ActiveRun stopped(Stopping st) {
        return new ActiveRun(run, writer, st);
    }
}
