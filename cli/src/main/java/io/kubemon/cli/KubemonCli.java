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
            Runs.class,
            Export.class,
            Sql.class,
            Compare.class,
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

    /*
     * Also taken before the command, as kubectl takes its global flags (kubemon --collector URL
     * status); a command that does not use them refuses them (see commandLine()).
     */
    @Option(names = "--collector", hidden = true, paramLabel = "URL")
    String collector;

    @Option(names = "--json", hidden = true)
    boolean json;

    @Spec
    CommandLine.Model.CommandSpec spec;

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
        cli.setExecutionStrategy(parsed -> {
            CommandLine.ParseResult last = parsed;
            while (last.hasSubcommand()) {
                last = last.subcommand();
            }
            for (String global : new String[] {"--collector", "--json"}) {
                if (parsed.hasMatchedOption(global) && last.commandSpec().findOption(global) == null) {
                    String name = last.commandSpec().qualifiedName();
                    last.commandSpec()
                            .commandLine()
                            .getErr()
                            .println(name + ": " + global + " is not an option of this command (see: " + name
                                    + " --help)");
                    return ExitCodes.USAGE;
                }
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliException ce) {
                commandLine.getErr().println("kubemon: " + ce.getMessage());
                return ce.exitCode();
            }
            if (e instanceof io.kubemon.common.schema.RunLayout.NotARunException) {
                // One wording (RunLayout) and one code, from every offline command.
                commandLine.getErr().println("kubemon: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            commandLine.getErr().println("kubemon: unexpected error: " + e);
            return ExitCodes.ERROR;
        });
        return cli;
    }
}
