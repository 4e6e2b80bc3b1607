package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** docker-compose.yml validated by Debian's docker-compose, and the Dockerfiles kept in step with the build. */
class DeployFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void composeFileIsValidAndGivesTheAgentTheHostMounts() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/docker-compose"))) {
            String how =
                    "docker-compose is not installed (apt-get install -y docker-compose; scripts/docker-for-tests.sh does)";
            if ("true".equals(System.getenv("CI"))) {
                fail(how);
            }
            Assumptions.abort(how);
        }
        String out = io.kubemon.testsupport.Shell.run(
                java.time.Duration.ofSeconds(60),
                "docker-compose",
                "-f",
                ROOT.resolve("docker-compose.yml").toString(),
                "config");
        String agent = out.substring(out.indexOf("\n  agent:"), out.indexOf("\n  collector:"));
        assertThat(agent)
                .contains(
                        "pid: host",
                        "/proc:/host/proc:ro",
                        "/sys:/host/sys:ro",
                        "KUBEMON_AGENT_COLLECTOR_URL: http://collector:8080");
        assertThat(out).contains("published: 8080", "/data:/data:rw");
    }

    @Test
    void dockerfilesCopyTheBuiltJarsAndTheSharedJvmOptions() throws Exception {
        String agent = Files.readString(ROOT.resolve("monitor-agent/Dockerfile"));
        String collector = Files.readString(ROOT.resolve("collector-service/Dockerfile"));
        assertThat(agent)
                .contains(
                        "ARG BASE_IMAGE=",
                        "COPY target/monitor-agent.jar",
                        "COPY jvm.options",
                        "COPY heap-from-limit.sh",
                        "COPY target/jna/com/sun/jna/ /app/jna/",
                        "-Djna.boot.library.path=/app/jna/linux-",
                        "$(cat /app/jvm.options) $(/app/heap-from-limit.sh) $KUBEMON_JAVA_OPTIONS");
        assertThat(collector).contains("ARG BASE_IMAGE=", "COPY target/collector-service.jar", "USER 10001");
        assertThat(ROOT.resolve("monitor-agent/target/monitor-agent.jar")).exists();
        assertThat(ROOT.resolve("collector-service/target/collector-service.jar"))
                .exists();
        assertThat(Files.readString(ROOT.resolve("monitor-agent/jvm.options"))
                        .trim()
                        .lines())
                .hasSize(1);
    }

    /** The image's -Xmx from the container's memory limit, on cgroup files written here (v2 and v1). */
    @Test
    void theAgentsHeapIsAQuarterOfItsMemoryLimit(@org.junit.jupiter.api.io.TempDir Path cgroup) throws Exception {
        assertThat(heapFor(cgroup, "memory.max", "268435456\n")).isEqualTo("-Xmx64m");
        assertThat(heapFor(cgroup, "memory.max", "67108864\n"))
                .as("never under 32 MiB")
                .isEqualTo("-Xmx32m");
        assertThat(heapFor(cgroup, "memory.max", "max\n"))
                .as("no limit: jvm.options' -Xmx")
                .isEmpty();
        Files.delete(cgroup.resolve("memory.max"));
        Files.createDirectories(cgroup.resolve("memory"));
        assertThat(heapFor(cgroup, "memory/memory.limit_in_bytes", "805306368\n"))
                .isEqualTo("-Xmx192m");
        assertThat(heapFor(cgroup, "memory/memory.limit_in_bytes", "9223372036854771712\n"))
                .as("cgroup v1's no limit")
                .isEmpty();
    }

    private static String heapFor(Path cgroup, String file, String limit) throws Exception {
        Files.writeString(cgroup.resolve(file), limit);
        return io.kubemon.testsupport.Shell.run(
                        java.time.Duration.ofSeconds(20),
                        "sh",
                        ROOT.resolve("monitor-agent/heap-from-limit.sh").toString(),
                        cgroup.toString())
                .strip();
    }
}
