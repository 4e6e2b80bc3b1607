package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.testsupport.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The README's quick start as a new user types it: its lines are read from the README (not
 * copied here), run in bash from an empty directory, the clone made of this repository's own
 * commit, and the report it opens is opened in Chromium, which draws every chart without a
 * script error. Only the clone's URL and the browser are stood in for: the URL is this
 * repository's path, and {@code xdg-open} records what it was asked to open.
 */
class QuickStartTest {
    @TempDir
    Path home;

    /** The lines of the README's first bash block under "## Quick start". */
    static List<String> quickStart(String readme) {
        int section = readme.indexOf("\n## Quick start\n");
        assertThat(section).as("the README has a quick start").isPositive();
        int from = readme.indexOf("```bash\n", section) + "```bash\n".length();
        int to = readme.indexOf("```", from);
        List<String> lines = readme.substring(from, to).lines().toList();
        assertThat(lines).as("a quick start of at most 10 lines").hasSizeBetween(1, 10);
        return lines;
    }

    @Test
    void theReadmesQuickStartEndsInAReportThatOpensInChromium() throws Exception {
        List<String> lines = quickStart(Files.readString(Commands.ROOT.resolve("README.md")));
        assertThat(lines.get(0)).startsWith("git clone ");
        List<String> script = new ArrayList<>(List.of(
                "set -euo pipefail",
                // The browser: xdg-open as a user has it would open a window; this one says what it got.
                "xdg-open() { printf '%s\\n' \"$@\" > " + home.resolve("opened") + "; }"));
        for (String line : lines) {
            script.add(line.replaceFirst("<this repository's URL>", Commands.ROOT.toString()));
        }
        Path sh = home.resolve("quick-start.sh");
        Files.write(sh, script);
        Shell.Result r = Shell.exec(home, null, Duration.ofMinutes(15), List.of("bash", sh.toString()));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("open it in a browser: file://");

        Path opened = Path.of(Files.readString(home.resolve("opened")).strip());
        Path report = opened.isAbsolute() ? opened : home.resolve("kubemon").resolve(opened);
        assertThat(report).exists().hasFileName("report.html");
        if (Chromium.requireOrSkip()) {
            JsonNode state = Chromium.state(report.toUri() + "#all", 5000);
            assertThat(state.get("errors")).as(state.toString()).isEmpty();
            assertThat(state.get("charts").asInt()).as(state.toString()).isPositive();
        }
    }
}
