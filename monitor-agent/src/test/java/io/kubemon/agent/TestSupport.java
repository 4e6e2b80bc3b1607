package io.kubemon.agent;

import io.kubemon.agent.config.AgentProperties;
import io.kubemon.agent.host.HostPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** Fixture trees and default properties for tests that build sources by hand. */
public final class TestSupport {
    public static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures");

    private TestSupport() {}

    public static AgentProperties properties(Path root) {
        return properties(root, "unix://" + root.resolve("docker.sock"));
    }

    public static AgentProperties properties(Path root, String dockerHost) {
        return new AgentProperties(
                URI.create("http://127.0.0.1:1"),
                "fixture-node",
                null,
                root.resolve("proc"),
                root.resolve("sys"),
                root.resolve("sys/fs/cgroup"),
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                16,
                "^(ram|loop|fd|zram)\\d+$",
                dockerHost,
                true,
                root.resolve("spool"),
                1 << 20,
                null,
                null);
    }

    /**
     * The rows, after checking that every value a source put in them is a column of its table: a
     * misspelt key would otherwise surface only as a batch the collector refuses at run time.
     */
    public static java.util.List<io.kubemon.common.wire.Sample> knownColumns(
            java.util.List<io.kubemon.common.wire.Sample> rows) {
        for (io.kubemon.common.wire.Sample s : rows) {
            io.kubemon.common.schema.Table table = io.kubemon.common.schema.Schemas.byName(s.table())
                    .orElseThrow(() -> new AssertionError("no table " + s.table()));
            for (String key : s.values().keySet()) {
                if (!table.index().containsKey(key)) {
                    throw new AssertionError(
                            "table " + table.name() + " has no column '" + key + "' (a source emitted it)");
                }
            }
        }
        return rows;
    }

    /** The counts of malformed fields a source needs, on a registry of its own. */
    public static io.kubemon.agent.host.MalformedFields malformed() {
        return new io.kubemon.agent.host.MalformedFields(
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    public static HostPaths paths(Path root) {
        return new HostPaths(root.resolve("proc"), root.resolve("sys"), root.resolve("sys/fs/cgroup"));
    }

    /** Copies a fixture snapshot over {@code target}, replacing files, as the kernel would between reads. */
    public static void copyTree(Path from, Path target) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = target.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    // In place, as the kernel changes a pseudo-file: same inode, new content (the
                    // agent keeps such files open and re-reads them).
                    Files.write(dest, Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
