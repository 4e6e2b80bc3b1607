package io.kubemon.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

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
            Instances.class,
            Start.class,
            Stop.class,
            Status.class,
            ListTables.class,
            Merge.class,
            ReportCommand.class,
            Fetch.class,
            Mark.class,
            RunCommand.class,
            Export.class,
            Sql.class
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
}
