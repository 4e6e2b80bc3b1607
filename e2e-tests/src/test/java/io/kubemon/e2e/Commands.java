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

    static final Path CLI = ROOT.resolve("cli/target/kubemon-cli.jar");

    /** The CLI as a person runs it, against the collector on {@code port} (or offline, port 0). */
    static java.util.List<String> kubemon(int port, String... args) {
        java.util.List<String> cmd =
                new java.util.ArrayList<>(java.util.List.of("java", "-XX:+UseSerialGC", "-jar", CLI.toString()));
        if (port > 0) {
            cmd.add("--collector");
            cmd.add("http://127.0.0.1:" + port);
        }
        cmd.addAll(java.util.List.of(args));
        return cmd;
    }
}
