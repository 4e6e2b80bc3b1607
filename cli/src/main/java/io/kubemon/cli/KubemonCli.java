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
        // -h/--help (and -V) on every subcommand, not only on kubemon itself.
        scope = ScopeType.INHERIT,
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
            Sql.class,
            CommandLine.HelpCommand.class
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

    /** The first argument before {@code --} that looks like an option {@code c} does not have, or null. */
    private static String unknownOption(CommandLine c, String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return null;
            }
            if (a.startsWith("-")
                    && a.length() > 1
                    && !c.getCommandSpec().subcommands().containsKey(a)) {
                String option = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                if (c.getCommandSpec().findOption(option) == null && !option.matches("-\\d.*")) {
                    return option;
                }
            }
        }
        return null;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with kubemon's error handling: one readable line and a meaningful exit code. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new KubemonCli());
        cli.setParameterExceptionHandler((e, args) -> {
            // One line naming the problem and where the usage is, as git and kubectl do; not the
            // whole usage text.
            CommandLine c = e.getCommandLine();
            String name = c.getCommandSpec().qualifiedName();
            String unknown = e instanceof CommandLine.MissingParameterException ? unknownOption(c, args) : null;
            // picocli checks required parameters first; a mistyped option is the more useful news.
            String problem = unknown != null ? "Unknown option: '" + unknown + "'" : e.getMessage();
            c.getErr().println(name + ": " + problem + " (see: " + name + " --help)");
            return ExitCodes.USAGE;
        });
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
