package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.cli.KubemonCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command-line client against a real collector (its jar, with a token) on loopback: output for
 * people and for scripts, exit codes, and errors as one readable line. The token comes from the
 * environment in real use; here the collector runs without one, and a second collector with one.
 */
class CliTest {
    @TempDir
    static Path work;

    static ServiceProcess open;
    static ServiceProcess locked;
    static int openPort;
    static int lockedPort;

    record Run(int exit, String out, String err) {}

    static Run kubemon(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = KubemonCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeAll
    static void collectors() throws Exception {
        open = ServiceProcess.start(
                "collector-service",
                work.resolve("open"),
                List.of("--server.port=0", "--kubemon.collector.data-dir=" + work.resolve("open-data")));
        locked = ServiceProcess.start(
                "collector-service",
                work.resolve("locked"),
                List.of(
                        "--server.port=0",
                        "--kubemon.collector.data-dir=" + work.resolve("locked-data"),
                        "--kubemon.security.token=t0ken"));
        openPort = open.awaitPort();
        lockedPort = locked.awaitPort();
        for (int port : new int[] {openPort, lockedPort}) {
            Http.await(
                    "collector " + port,
                    Duration.ofSeconds(120),
                    () -> new Http().call("GET", "http://127.0.0.1:" + port + "/actuator/health/readiness", null));
        }
        new Http().call("POST", "http://127.0.0.1:" + openPort + "/api/v1/agents", "{\"nodeName\":\"cli-node\"}");
    }

    @AfterAll
    static void stop() throws Exception {
        open.close();
        locked.close();
    }

    @Test
    void startStatusStopAndInstancesForPeopleAndScripts() throws Exception {
        String url = "http://127.0.0.1:" + openPort;
        Run instances = kubemon("instances", "--collector", url);
        assertThat(instances.exit()).isZero();
        assertThat(instances.out()).contains("Connected instances: 1", "cli-node", "CONNECTED");

        Run start = kubemon("--collector", url, "start", "cli-run", "--interval", "500ms");
        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(start.out()).contains("started run", "cli-run", "every 500 ms");

        Run again = kubemon("start", "other", "--collector", url);
        assertThat(again.exit()).isEqualTo(5);
        assertThat(again.err())
                .startsWith("kubemon: ")
                .contains("already collecting")
                .doesNotContain("Exception");

        Run status = kubemon("status", "--json", "--collector", url);
        assertThat(status.exit()).isZero();
        var json = JsonMapper.builder().build().readTree(status.out());
        assertThat(json.get("collecting").asBoolean()).isTrue();
        assertThat(json.get("intervalMs").asLong()).isEqualTo(500);

        Run stop = kubemon("stop", "--collector", url);
        assertThat(stop.exit()).isZero();
        assertThat(stop.out()).startsWith("stopped run");
        assertThat(kubemon("stop", "--collector", url).exit()).isEqualTo(5);

        Run escape = kubemon("start", "../outside", "--collector", url);
        assertThat(escape.exit()).isEqualTo(6);
        assertThat(escape.err()).contains("'..'");
    }

    @Test
    void errorsAPersonUnderstands() throws Exception {
        Run unreachable = kubemon("status", "--collector", "http://127.0.0.1:" + ServiceProcess.freePort());
        assertThat(unreachable.exit()).isEqualTo(3);
        assertThat(unreachable.err())
                .startsWith("kubemon: cannot reach the collector at http://127.0.0.1:")
                .contains("KUBEMON_COLLECTOR")
                .contains("nothing accepts connections there (connection refused)")
                .doesNotContain("ConnectException")
                .doesNotContain("\tat ");

        Run unauthorized = kubemon("stop", "--collector", "http://127.0.0.1:" + lockedPort);
        assertThat(unauthorized.exit()).isEqualTo(4);
        assertThat(unauthorized.err()).contains("token", "KUBEMON_TOKEN");

        Run badInterval = kubemon("start", "x", "--interval", "soon", "--collector", "http://127.0.0.1:" + openPort);
        assertThat(badInterval.exit()).isEqualTo(2);
        assertThat(badInterval.err()).contains("--interval takes a duration");

        Run list = kubemon("list", "--json");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("\"table\":\"container\"", "\"cpu_usage_seconds\"", "\"process\"");
        assertThat(list.out()).contains("\"types\":[\"timestamp\",\"integer\",\"text\",\"text\",\"integer\"");
    }
}
