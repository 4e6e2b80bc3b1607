package io.kubemon.agent.container;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The local Docker engine, driven through its CLI as a person would, and the busybox test image
 * (no registry is reachable here, so the image is imported from Debian's static busybox).
 */
public final class DockerHost {
    public static final String IMAGE = "kubemon-test-busybox:latest";
    static final Path SOCKET = Path.of("/var/run/docker.sock");
    public static final String PREFIX = "kubemon-test-";

    private DockerHost() {}

    /** Skips the calling test without an engine, except in CI, where these tests must run. */
    public static void require() {
        String why = null;
        if (!Files.exists(SOCKET)) {
            why = "no Docker socket at " + SOCKET;
        } else {
            try {
                run("docker", "version", "--format", "{{.Server.Version}}");
            } catch (RuntimeException e) {
                why = "the Docker engine does not answer: " + e.getMessage();
            }
        }
        if (why != null) {
            String how = why + ". To run these tests: apt-get install -y docker.io busybox-static; "
                    + "dockerd --storage-driver=vfs --iptables=false --bridge=none & (as .ci/run does)";
            if ("true".equals(System.getenv("CI"))) {
                fail(how);
            }
            Assumptions.abort(how);
        }
        ensureImage();
    }

    public static synchronized void ensureImage() {
        if (!run("docker", "images", "-q", IMAGE).isBlank()) {
            return;
        }
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isExecutable(busybox)) {
            fail("building the test image needs a static busybox at /bin/busybox (apt-get install -y busybox-static)");
        }
        try {
            Path dir = Files.createTempDirectory("kubemon-image");
            // The image's root: a non-root user in a container must be able to enter it (mktemp's is 0700).
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(dir.resolve("bin"));
            Files.createDirectories(dir.resolve("tmp"));
            Files.createDirectories(dir.resolve("dev/shm"));
            Files.copy(busybox, dir.resolve("bin/busybox"));
            for (String applet : List.of("sh", "sleep", "cat", "dd", "yes", "head", "ls", "true")) {
                Files.createSymbolicLink(dir.resolve("bin").resolve(applet), Path.of("busybox"));
            }
            run("sh", "-c", "tar -C '" + dir + "' -c . | docker import - " + IMAGE);
        } catch (IOException e) {
            fail("cannot build the test image: " + e);
        }
    }

    /** Starts a detached container; returns its full id. */
    public static String start(String name, List<String> options, String script) {
        List<String> cmd = new ArrayList<>(List.of("docker", "run", "-d", "--name", PREFIX + name));
        cmd.addAll(options);
        cmd.addAll(List.of(IMAGE, "sh", "-c", script));
        return run(cmd.toArray(String[]::new)).trim();
    }

    public static void removeAll() {
        String ids = run("docker", "ps", "-aq", "--filter", "name=" + PREFIX);
        for (String id : ids.split("\\s+")) {
            if (!id.isBlank()) {
                run("docker", "rm", "-f", id);
            }
        }
    }

    public static String run(String... cmd) {
        try {
            io.kubemon.testsupport.Shell.Result r = io.kubemon.testsupport.Shell.exec(
                    null, null, java.time.Duration.ofSeconds(120), java.util.List.of(cmd));
            if (r.exit() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited " + r.exit() + ": "
                        + r.output().trim());
            }
            return r.output();
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (AssertionError timedOut) {
            throw new IllegalStateException(timedOut.getMessage());
        }
    }
}
