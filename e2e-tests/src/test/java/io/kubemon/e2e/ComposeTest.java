package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The deployed form on this host, as the README says to bring it up on a fresh clone: its compose
 * line (read from the README) run in a clean clone of this repository without any jar built, so
 * scripts/build-images.sh builds the jars and the images (base made from Debian packages, no
 * registry) and docker-compose.yml is brought up for real on the local engine. The collector answers, the agent registers, a run started and stopped with the CLI
 * writes host, container and process rows of the sibling containers, and the collector's process
 * (a non-root user) has its I/O cells filled: the compose agent has the ptrace right it needs.
 */
// Its figures are the Docker engine's containers' CPU and the agent's own: the three classes that
// load the engine (an image build and compose up, a busy sibling held to 0.3 CPU, a churn) take turns.
@org.junit.jupiter.api.parallel.ResourceLock("docker-engine-load")
class ComposeTest {
    private static final String PROJECT = "kubemon-e2e-compose";

    /** The token the README's compose line sets. */
    private static final String TOKEN = "change-me";

    @TempDir
    Path work;

    private Map<String, String> env;

    /** The clean clone the README's line runs in. */
    private Path tree;

    /** The README's compose line: the one that builds the images and brings the file up. */
    static String composeLine(String readme) {
        return readme.lines()
                .filter(l -> l.startsWith("scripts/build-images.sh && ") && l.contains("docker-compose up"))
                .map(l -> l.replaceFirst("\\s+#.*$", ""))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the README has no compose line"));
    }

    @AfterEach
    void down() throws Exception {
        if (env != null) {
            System.out.println(io.kubemon.testsupport.Shell.exec(
                            tree,
                            env,
                            Duration.ofMinutes(2),
                            List.of("docker-compose", "-p", PROJECT, "logs", "--tail", "40"))
                    .output());
            io.kubemon.testsupport.Shell.exec(
                    tree, env, Duration.ofMinutes(2), List.of("docker-compose", "-p", PROJECT, "down", "-v"));
        }
    }

    @Test
    void composeUpCollectsHostContainerAndProcessRows() throws Exception {
        boolean engine =
                Files.exists(Path.of("/var/run/docker.sock")) && Files.isExecutable(Path.of("/usr/bin/docker-compose"));
        if (!engine && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI needs the Docker engine and docker-compose (scripts/docker-for-tests.sh)");
        }
        Assumptions.assumeTrue(engine, "no Docker engine or docker-compose here");
        tree = work.resolve("kubemon");
        Commands.run(null, Duration.ofMinutes(2), "git", "clone", "-q", Commands.ROOT.toString(), tree.toString());
        assertThat(tree.resolve("collector-service/target"))
                .as("a clean tree: no jar built")
                .doesNotExist();
        String line = composeLine(Files.readString(Commands.ROOT.resolve("README.md")));

        Path data = Files.createDirectories(work.resolve("data"));
        data.toFile().setWritable(true, false); // the collector's image runs as uid 10001
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        env = Map.of(
                "KUBEMON_DATA_DIR",
                data.toString(),
                "KUBEMON_PORT",
                Integer.toString(port),
                "KUBEMON_TOKEN",
                TOKEN,
                "KUBEMON_NODE_NAME",
                "compose-node",
                "COMPOSE_PROJECT_NAME",
                PROJECT);
        io.kubemon.testsupport.Shell.Result up =
                io.kubemon.testsupport.Shell.exec(tree, env, Duration.ofMinutes(25), List.of("bash", "-c", line));
        assertThat(up.exit()).as(line + ":\n" + up.output()).isZero();

        String url = "http://127.0.0.1:" + port;
        Http http = new Http(java.net.http.HttpClient.newHttpClient(), TOKEN);
        Http.await(
                "the agent registered with the collector",
                Duration.ofSeconds(120),
                () -> http.call("GET", url + "/instances", null)
                                .get("instances")
                                .valueStream()
                                .anyMatch(i -> i.get("state").asString().equals("CONNECTED"))
                        ? true
                        : null);

        // The CLI as a user runs it, its token from the environment.
        Commands.run(
                env,
                Duration.ofMinutes(2),
                "./kubemon",
                "start",
                "compose-run",
                "--interval",
                "500ms",
                "--collector",
                url);
        Http.await(
                "rows",
                Duration.ofSeconds(30),
                () -> http.call("GET", url + "/status", null).get("rows").asLong() > 50 ? true : null);
        Thread.sleep(3000);
        String stop = Commands.run(env, Duration.ofMinutes(2), "./kubemon", "stop", "--collector", url);
        assertThat(stop).contains("stopped run").doesNotContain("missing:");

        Path run = data.resolve("compose-run");
        assertThat(io.kubemon.testsupport.CsvRows.byColumnIn(run.resolve("os")))
                .as("host rows")
                .isNotEmpty();
        List<Map<String, String>> containers = io.kubemon.testsupport.CsvRows.byColumnIn(run.resolve("container"));
        List<Map<String, String>> processes = io.kubemon.testsupport.CsvRows.byColumnIn(run.resolve("process"));
        assertThat(containers)
                .extracting(r -> r.get("container_name"))
                .contains(PROJECT + "_collector_1", PROJECT + "_agent_1");
        Map<String, String> collectorJvm = processes.stream()
                .filter(r -> r.get("container_name").equals(PROJECT + "_collector_1"))
                .filter(r -> r.get("command").contains("collector-service.jar"))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(collectorJvm.get("io_rchar_bytes"))
                .as("I/O of a non-root process, read with SYS_PTRACE")
                .isNotEmpty();
        assertThat(collectorJvm.get("open_fds")).isNotEmpty();
        JsonNode meta = tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(Files.readString(run.resolve("run.json")));
        assertThat(meta.get("complete").asBoolean()).isTrue();
        assertThat(meta.get("nodes").has("compose-node"))
                .as("the node named as compose was told")
                .isTrue();
        assertThat(run.resolve("os/compose-node.csv")).exists();
    }
}
