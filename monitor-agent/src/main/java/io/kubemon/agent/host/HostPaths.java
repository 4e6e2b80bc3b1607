package io.kubemon.agent.host;

import java.nio.file.Path;

/**
 * Where the host's pseudo-filesystems are. Injected everywhere instead of literal "/proc", so the
 * agent runs unchanged inside a pod (host mounts at /host/...) and tests run on fixture trees.
 */
public record HostPaths(Path proc, Path sys, Path cgroup) {

    public Path proc(String first, String... more) {
        return proc.resolve(Path.of(first, more));
    }

    public Path sys(String first, String... more) {
        return sys.resolve(Path.of(first, more));
    }
}
