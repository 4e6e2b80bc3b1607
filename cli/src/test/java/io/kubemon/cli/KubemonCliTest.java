package io.kubemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line's contract, for every subcommand, as a user types it: {@code -h} and
 * {@code --help} print its own usage and exit 0, {@code kubemon help COMMAND} the same, and an
 * unknown option is one line naming it and where the usage is, exit 2.
 */
class KubemonCliTest {
    /** Every subcommand kubemon declares (a new one is tested without being listed here). */
    static Stream<String> subcommands() {
        return KubemonCli.commandLine().getSubcommands().keySet().stream().filter(n -> !n.equals("help"));
    }

    @ParameterizedTest(name = "kubemon {0} --help")
    @MethodSource("subcommands")
    void everySubcommandHasItsOwnHelp(String command) {
        for (String flag : List.of("--help", "-h")) {
            RunFixture.Result r = RunFixture.kubemon(command, flag);
            assertThat(r.exit()).as(command + " " + flag + ": " + r.err()).isZero();
            assertThat(r.out()).as(command + " " + flag).startsWith("Usage: kubemon " + command);
            assertThat(r.err()).isEmpty();
        }
        RunFixture.Result help = RunFixture.kubemon("help", command);
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: kubemon " + command);
        // picocli formats the texts with String.format: a lone % in one ("95 % interval") is said
        // only on System.err, and the text shown raw.
        java.io.PrintStream before = System.err;
        java.io.ByteArrayOutputStream traced = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(traced, true));
        try {
            RunFixture.kubemon(command, "--help");
        } finally {
            System.setErr(before);
        }
        assertThat(traced.toString()).as(command + " --help on System.err").doesNotContain("picocli WARN");
    }

    @ParameterizedTest(name = "kubemon {0} --no-such-option")
    @MethodSource("subcommands")
    void anUnknownOptionIsOneLineAndExit2(String command) {
        RunFixture.Result r = RunFixture.kubemon(command, "--no-such-option");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip())
                .as("one line, not the usage text")
                .doesNotContain("\n")
                .startsWith("kubemon " + command + ": ")
                .contains("--no-such-option")
                .endsWith("(see: kubemon " + command + " --help)");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void helpAloneListsTheCommandsAndAnUnknownCommandIsOneLine() {
        RunFixture.Result help = RunFixture.kubemon("help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: kubemon").contains("status").contains("export");
        RunFixture.Result unknown = RunFixture.kubemon("stats");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err().strip()).doesNotContain("\n").endsWith("(see: kubemon --help)");
    }

    /** The commands that read a run's files and need no collector. */
    static Stream<String> offline() {
        return Stream.of("merge", "report", "export", "sql", "compare");
    }

    @ParameterizedTest(name = "kubemon {0} NOT_A_RUN")
    @MethodSource("offline")
    void aDirectoryThatIsNotARunIsSaidInOneWordingWithExit2(String command, @TempDir Path dir) {
        for (Path notRun : List.of(dir, dir.resolve("absent"))) {
            List<String> args = new java.util.ArrayList<>(List.of(command, notRun.toString()));
            if (command.equals("sql")) {
                args.add("SELECT 1");
            }
            if (command.equals("compare")) {
                args.addAll(List.of("--vs", notRun.toString()));
            }
            RunFixture.Result r = RunFixture.kubemon(args.toArray(String[]::new));
            assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err().strip()).isEqualTo("kubemon: " + io.kubemon.common.schema.RunLayout.notARun(notRun));
            assertThat(r.out()).isEmpty();
        }
    }

    @ParameterizedTest(name = "kubemon {0} offers no --collector")
    @MethodSource("offline")
    void anOfflineCommandOffersNoCollectorOption(String command) {
        RunFixture.Result help = RunFixture.kubemon(command, "--help");
        assertThat(help.out()).doesNotContain("--collector");
        RunFixture.Result before = command.equals("sql")
                ? RunFixture.kubemon("--collector", "http://x", command, ".", "SELECT 1")
                : command.equals("compare")
                        ? RunFixture.kubemon("--collector", "http://x", command, ".", "--vs", ".")
                        : RunFixture.kubemon("--collector", "http://x", command, ".");
        assertThat(before.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(before.err().strip())
                .isEqualTo("kubemon " + command + ": --collector is not an option of this command (see: kubemon "
                        + command + " --help)");
    }

    @Test
    void onlyTheCommandsWithAJsonAnswerOfferJson() {
        for (String command : subcommands().toList()) {
            boolean offers = RunFixture.kubemon(command, "--help").out().contains("--json");
            assertThat(offers)
                    .as(command)
                    .isEqualTo(List.of("instances", "start", "stop", "status", "mark", "runs", "list", "sql", "compare")
                            .contains(command));
        }
    }

    @Test
    void theRunsTableNamesEachRunsDirectoryAndIdAndItsNumbers() {
        var entry = new io.kubemon.common.wire.RunEntry(
                "run-20261204T175121Z",
                "run-74357ff7",
                1000L,
                java.time.Instant.parse("2026-12-04T17:51:21.123Z"),
                null,
                null,
                io.kubemon.common.wire.RunState.FINISHED,
                1234L,
                0L,
                0L,
                true,
                List.of("n1"),
                null,
                null,
                5L << 20,
                null,
                null);
        assertThat(Runs.table(List.of(entry)))
                .containsExactly(
                        "DIRECTORY             ID            STATE     ROWS  MISSING  SIZE     STARTED",
                        "run-20261204T175121Z  run-74357ff7  finished  1234  0        5.0 MiB  2026-12-04T17:51:21Z");
        assertThat(Runs.table(List.of())).containsExactly("(no runs)");
        assertThat(Runs.directoryOf(List.of(entry), "run-74357ff7")).isEqualTo("run-20261204T175121Z");
        assertThat(Runs.directoryOf(List.of(entry), "run-20261204T175121Z")).isEqualTo("run-20261204T175121Z");
        assertThat(Runs.directoryOf(List.of(entry), "nope")).isNull();
        assertThat(RunNames.at(java.time.Instant.parse("2026-12-04T17:51:21.9Z")))
                .isEqualTo("run-20261204T175121Z");
    }

    @Test
    void aLongCommandsStartMarkIsShortenedToWhatAMarkHolds() {
        List<String> longCommand = List.of("sh", "-c", "x".repeat(500));
        String label = RunCommand.startLabel(longCommand);
        assertThat(label).startsWith("command started: sh -c xxx").endsWith("\u2026");
        assertThat(label).hasSize(io.kubemon.common.wire.Event.MAX_MARK_LABEL);
        assertThat(RunCommand.startLabel(List.of("true"))).isEqualTo("command started: true");
    }
}
