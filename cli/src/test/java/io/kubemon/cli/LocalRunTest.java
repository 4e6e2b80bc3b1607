package io.kubemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** run-local's options: defaults, each option, and bad input refused with a message that names it. */
class LocalRunTest {
    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 26, 9, 30, 5, 0, ZoneId.of("Europe/Berlin"));

    @Test
    void defaultsNameTheRunAfterTheUtcTime() {
        LocalRun.Options o = LocalRun.Options.parse(new String[0], NOW);
        assertThat(o).isEqualTo(new LocalRun.Options(30, 1000, Path.of("local-run"), "run-20261126T083005Z", false));
    }

    @Test
    void everyOptionIsTaken() {
        LocalRun.Options o = LocalRun.Options.parse(
                new String[] {"--duration", "5", "--interval-ms", "200", "--data-dir", "/tmp/x", "--out", "exp1"}, NOW);
        assertThat(o).isEqualTo(new LocalRun.Options(5, 200, Path.of("/tmp/x"), "exp1", false));
        assertThat(LocalRun.Options.parse(new String[] {"--help"}, NOW).help()).isTrue();
    }

    @Test
    void badInputIsRefusedByName() {
        assertThatThrownBy(() -> LocalRun.Options.parse(new String[] {"--duration"}, NOW))
                .hasMessage("--duration needs a value (try --help)");
        assertThatThrownBy(() -> LocalRun.Options.parse(new String[] {"--duration", "ten"}, NOW))
                .hasMessage("--duration takes a whole number, not 'ten'");
        assertThatThrownBy(() -> LocalRun.Options.parse(new String[] {"--interval-ms", "5"}, NOW))
                .hasMessageContaining(">= 10 ms");
        assertThatThrownBy(() -> LocalRun.Options.parse(new String[] {"--fast", "1"}, NOW))
                .hasMessage("unknown option --fast (try --help)");
    }
}
