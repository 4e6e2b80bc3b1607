package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A command run in the repository's root, as a person would from a shell: it must succeed in time. */
final class Commands {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private Commands() {}

    /** Runs {@code cmd} with {@code env} added (may be null); returns its output, trimmed. */
    static String run(Map<String, String> env, Duration timeout, String... cmd) throws Exception {
        io.kubemon.testsupport.Shell.Result r =
                io.kubemon.testsupport.Shell.exec(ROOT, env, timeout, java.util.List.of(cmd));
        assertThat(r.exit()).as(String.join(" ", cmd) + ":\n" + r.output()).isZero();
        return r.output().trim();
    }
}
