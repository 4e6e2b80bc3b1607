package io.kubemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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
}
