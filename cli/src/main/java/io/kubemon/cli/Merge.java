package io.kubemon.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "merge",
        description = "Join the files of one run into one CSV aligned on timestamp and node: "
                + "the OS columns and per-node container aggregates (no collector needed).")
class Merge extends Base {
    @Parameters(
            paramLabel = "RUN_DIR",
            description = "A run's directory (as written by the collector, or fetched), or its export.")
    java.nio.file.Path runDir;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Output file (default RUN_DIR/merged.csv).")
    java.nio.file.Path output;

    @Override
    public Integer call() throws Exception {
        java.nio.file.Path runDir = RunInput.of(this.runDir).csvRun("merge");
        java.nio.file.Path out = output != null ? output : runDir.resolve("merged.csv");
        long rows = new RunMerger(root.spec.commandLine().getErr()).merge(runDir, out);
        out().printf("wrote %d rows to %s%n", rows, out);
        out().flush();
        return ExitCodes.OK;
    }
}
