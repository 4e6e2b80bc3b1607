package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.testsupport.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kubemon run} outlives its collector: SIGKILLed mid-command, the command still runs to its
 * end, kubemon exits with its code and says in one line what it could not do and which command
 * does it later; restarted mid-command, the run is stopped, fetched and reported as if nothing
 * had happened.
 */
class RunSurvivesCollectorTest {
    @RegisterExtension
    final LocalCluster cluster = new LocalCluster();

    private static final Path CLI = Commands.ROOT.resolve("cli/target/kubemon-cli.jar");

    /** kubemon run around a command that waits for the file {@code go}, then exits 4. */
    private Process run(int port, String out, Path fetched, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-jar", CLI.toString()));
        cmd.addAll(List.of(
                "run",
                "--collector",
                "http://127.0.0.1:" + port,
                "--out",
                out,
                "--interval",
                "500ms",
                "--fetch",
                fetched.toString(),
                "--report",
                "--",
                "sh",
                "-c",
                "until [ -e " + cluster.work().resolve("go") + " ]; do sleep 0.1; done; exit 4"));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private void awaitStartMark(String out) throws Exception {
        Http.await(
                "the command's start mark",
                Duration.ofSeconds(60),
                () -> Files.exists(cluster.data().resolve(out + "/events/collector.csv"))
                                && Files.readString(cluster.data().resolve(out + "/events/collector.csv"))
                                        .contains("command started")
                        ? true
                        : null);
    }

    private int exit(Process p, Path log) throws Exception {
        Files.writeString(cluster.work().resolve("go"), "");
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as(Files.readString(log)).isTrue();
        return p.exitValue();
    }

    @Test
    void aCollectorKilledMidCommandLeavesTheCommandsExitCodeAndTheCommandsThatFinishTheJob() throws Exception {
        int port = ServiceProcess.freePort();
        ServiceProcess collector = cluster.collector(port);
        cluster.awaitReady(port);
        cluster.agent("survive-node", port);
        cluster.awaitConnected(port, 1);
        Path log = cluster.work().resolve("run.log");
        Path fetched = cluster.work().resolve("fetched");
        Process p = run(port, "k1", fetched, log);
        try {
            awaitStartMark("k1");
            collector.kill9();
            assertThat(exit(p, log)).as(Files.readString(log)).isEqualTo(4);
        } finally {
            p.destroyForcibly();
        }
        String said = Files.readString(log);
        assertThat(said)
                .contains("kubemon: could not stop run ")
                .contains("finish it with: kubemon stop --collector http://127.0.0.1:" + port)
                .contains("kubemon: not fetched: the run was not stopped; once it is: kubemon fetch k1 -d " + fetched)
                .doesNotContain("Exception")
                .doesNotContain("unexpected error");
        assertThat(fetched.resolve("k1")).doesNotExist();
    }

    @Test
    void aCollectorRestartedMidCommandStillStopsFetchesAndReportsTheRun() throws Exception {
        int port = ServiceProcess.freePort();
        ServiceProcess collector = cluster.collector(port);
        cluster.awaitReady(port);
        cluster.agent("survive-node", port);
        cluster.awaitConnected(port, 1);
        Path log = cluster.work().resolve("run.log");
        Path fetched = cluster.work().resolve("fetched");
        Process p = run(port, "k2", fetched, log);
        try {
            awaitStartMark("k2");
            collector.kill9();
            cluster.collector(port);
            cluster.awaitReady(port);
            cluster.awaitConnected(port, 1);
            assertThat(exit(p, log)).as(Files.readString(log)).isEqualTo(4);
        } finally {
            p.destroyForcibly();
        }
        String said = Files.readString(log);
        assertThat(said).contains(" (k2) finished: ").doesNotContain("could not");
        assertThat(fetched.resolve("k2/run.json")).exists();
        assertThat(fetched.resolve("k2/report.html")).exists();
        Shell.Result status = Shell.exec(
                cluster.work(),
                null,
                Duration.ofMinutes(1),
                List.of("java", "-jar", CLI.toString(), "runs", "--collector", "http://127.0.0.1:" + port));
        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(status.output()).contains("DIRECTORY", "k2", "finished");
    }
}
