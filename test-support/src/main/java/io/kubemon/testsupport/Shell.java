package io.kubemon.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run as a person would from a shell, bounded in time: its output and errors together in
 * a file (so a command that hangs with its output open still times out), killed past its time.
 */
public final class Shell {
    private Shell() {}

    /** How a command ended: its exit code and everything it printed. */
    public record Result(int exit, String output) {}

    /**
     * Runs {@code cmd} in {@code dir} (null: this process's) with {@code env} added (may be null).
     *
     * @throws AssertionError when it is still running after {@code timeout} (it is killed)
     */
    public static Result exec(Path dir, Map<String, String> env, Duration timeout, List<String> cmd)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("kubemon-cmd-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            if (env != null) {
                pb.environment().putAll(env);
            }
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", cmd) + " still running after " + timeout + ":\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Runs {@code cmd}; its output, trimmed, when it exits 0; otherwise fails with what it printed. */
    public static String run(Duration timeout, String... cmd) throws IOException, InterruptedException {
        Result r = exec(null, null, timeout, List.of(cmd));
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited " + r.exit() + ":\n" + r.output());
        }
        return r.output().trim();
    }
}
