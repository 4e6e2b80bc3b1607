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
                        "$(cat /app/jvm.options)");
        assertThat(collector).contains("ARG BASE_IMAGE=", "COPY target/collector-service.jar", "USER 10001");
        assertThat(ROOT.resolve("monitor-agent/target/monitor-agent.jar")).exists();
        assertThat(ROOT.resolve("collector-service/target/collector-service.jar"))
                .exists();
        assertThat(Files.readString(ROOT.resolve("monitor-agent/jvm.options"))
                        .trim()
                        .lines())
                .hasSize(1);
    }
}
