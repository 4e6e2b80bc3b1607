package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command run in the repository's root, as a person would from a shell: it must succeed in time. */
final class Commands {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private Commands() {}

    /** Runs {@code cmd} with {@code env} added (may be null); returns its output, trimmed. */
    static String run(Map<String, String> env, Duration timeout, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        if (env != null) {
            pb.environment().putAll(env);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " timed out:\n" + out);
        }
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + out).isZero();
        return out.trim();
    }
}
