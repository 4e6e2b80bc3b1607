package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent image run as the Helm chart's DaemonSet runs it: the host's pid namespace, the
 * host's /proc and /sys read-only at /host/proc and /host/sys, every capability dropped but the
 * two the chart adds, a read-only root filesystem with a writable spool volume, and a private
 * cgroup namespace (as a pod has; the default on cgroup v2 hosts), then the host's. The Docker
 * socket is mounted for names (the chart's agent.docker.enabled). The collector is a JVM on the
 * host. Every sibling container's rows must match its own cgroup files, a non-root process must
 * have its I/O cells, and the host tables must be the host's.
 */
// Its figures are the Docker engine's containers' CPU and the agent's own: the three classes that
// load the engine (an image build and compose up, a busy sibling held to 0.3 CPU, a churn) take turns.
@org.junit.jupiter.api.parallel.ResourceLock("docker-engine-load")
class AgentInContainerTest {
    private static final Path ROOT = Commands.ROOT;
    private static final String PREFIX = "kubemon-e2e-ds-";
    private static final String SIBLING = "kubemon-e2e-busybox:1";
    private static final String IMAGE_NODE = "ds-node";
    private static final String JAR_NODE = "jar-node";

    @org.junit.jupiter.api.extension.RegisterExtension
    final LocalCluster cluster = new LocalCluster();

    private static String sh(Duration timeout, String... cmd) throws Exception {
        return Commands.run(null, timeout, cmd);
    }

    @AfterEach
    void removeContainers() throws Exception {
        if (Files.exists(Path.of("/var/run/docker.sock"))) {
            String agentLog = "";
            try {
                agentLog = sh(Duration.ofSeconds(30), "docker", "logs", "--tail", "30", PREFIX + "agent");
            } catch (AssertionError e) {
                // no agent container was started
            }
            System.out.println("---- agent container log (tail) ----\n" + agentLog);
            sh(Duration.ofMinutes(1), "sh", "-c", "docker ps -aq --filter name=" + PREFIX + " | xargs -r docker rm -f");
        }
    }

    @ParameterizedTest(name = "--cgroupns {0}")
    @ValueSource(strings = {"private", "host"})
    void theAgentAsTheDaemonSetRunsIt(String cgroupns) throws Exception {
        boolean engine = Files.exists(Path.of("/var/run/docker.sock"));
        if (!engine && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI needs the Docker engine (scripts/docker-for-tests.sh)");
        }
        Assumptions.assumeTrue(engine, "no Docker engine here");
        sh(Duration.ofMinutes(20), "bash", "scripts/build-images.sh");
        String image = "kubemon/monitor-agent:"
                + sh(
                        Duration.ofSeconds(10),
                        "sh",
                        "-c",
                        "sed -n 's/^appVersion: *\"\\{0,1\\}\\([^\"]*\\)\"\\{0,1\\}$/\\1/p' helm/kubemon/Chart.yaml");

        // A busybox image whose root a non-root user may enter (a mktemp directory is 0700).
        sh(
                Duration.ofMinutes(1),
                "sh",
                "-c",
                "[ -n \"$(docker images -q " + SIBLING + ")\" ] || { d=$(mktemp -d); chmod 755 $d; "
                        + "mkdir $d/bin $d/tmp; cp /bin/busybox $d/bin/; for a in sh cat sleep; do ln -s busybox $d/bin/$a; done; "
                        + "tar -C $d -c . | docker import - " + SIBLING + " >/dev/null; rm -rf $d; }");
        String busy = sh(
                Duration.ofMinutes(1),
                "docker",
                "run",
                "-d",
                "--name",
                PREFIX + "busy",
                "--cpus",
                "0.3",
                SIBLING,
                "sh",
                "-c",
                "while :; do :; done");
        String user = sh(
                Duration.ofMinutes(1),
                "docker",
                "run",
                "-d",
                "--name",
                PREFIX + "user",
                "--user",
                "1000:1000",
                SIBLING,
                "sh",
                "-c",
                "while :; do read -r x < /bin/busybox; sleep 0.1; done"); // the shell itself reads

        ServiceProcess collector = cluster.collector(0);
        int cport = collector.awaitPort();
        cluster.awaitReady(cport);
        int aport;
        try (ServerSocket s = new ServerSocket(0)) {
            aport = s.getLocalPort();
        }
        Path spool = Files.createDirectories(cluster.work().resolve("spool"));
        List<String> docker = new ArrayList<>(List.of(
                "docker",
                "run",
                "-d",
                "--name",
                PREFIX + "agent",
                "--pid",
                "host",
                "--network",
                "host",
                "--cgroupns",
                cgroupns,
                "--cap-drop",
                "ALL"));
        for (String capability : chartCapabilities()) {
            docker.addAll(List.of("--cap-add", capability));
        }
        docker.addAll(List.of(
                "--read-only",
                "--tmpfs",
                "/tmp",
                "-v",
                "/proc:/host/proc:ro",
                "-v",
                "/sys:/host/sys:ro",
                "-v",
                spool + ":/var/lib/kubemon/spool",
                "-v",
                "/var/run/docker.sock:/host/docker.sock:ro",
                "-e",
                "KUBEMON_AGENT_DOCKER_HOST=unix:///host/docker.sock",
                "-e",
                "KUBEMON_AGENT_COLLECTOR_URL=http://127.0.0.1:" + cport,
                "-e",
                "KUBEMON_AGENT_NODE_NAME=" + IMAGE_NODE,
                "-e",
                "SERVER_PORT=" + aport,
                image));
        sh(Duration.ofMinutes(1), docker.toArray(String[]::new));
        // The jar on the host beside it, every source on: what the image must give as well.
        cluster.fullAgent(JAR_NODE, cport);
        cluster.awaitConnected(cport, 2);

        Http http = new Http();
        String base = "http://127.0.0.1:" + cport;
        Set<String> before = hostInterfaces();
        http.call("POST", base + "/start", "{\"outputDir\":\"ds\",\"intervalMs\":500}");
        Http.await(
                "container rows",
                Duration.ofSeconds(60),
                () -> http.call("GET", base + "/status", null).get("monitors").has("process") ? true : null);
        Thread.sleep(3000);
        assertThat(http.call("POST", base + "/stop?wait=true", null)
                        .get("complete")
                        .asBoolean())
                .isTrue();
        // Read right after the stop, while the siblings run on: what the files of their groups say now.
        long busyMemory = cgroupLong("memory", busy, "memory.usage_in_bytes");
        long userMemory = cgroupLong("memory", user, "memory.usage_in_bytes");
        long userCpuNs = cgroupLong("cpuacct", user, "cpuacct.usage");

        Path run = cluster.data().resolve("ds");
        List<Map<String, String>> containers = rows(run.resolve("container"));
        Map<String, String> busyRow = last(containers, "container_id", busy);
        // Over all its intervals, not one: on a loaded machine (the suite runs classes side by side) a
        // single 500-ms interval of a capped loop has read 0.13-0.15 cores. The cap shows as the upper
        // bound; that the cgroup's counter is read at all, as the lower.
        double usedSeconds = 0;
        double elapsedSeconds = 0;
        for (Map<String, String> r : containers) {
            if (busy.equals(r.get("container_id"))
                    && !r.get("cpu_usage_seconds").isEmpty()) {
                usedSeconds += Double.parseDouble(r.get("cpu_usage_seconds"));
                elapsedSeconds += Long.parseLong(r.get("interval_ms")) / 1000.0;
            }
        }
        assertThat(usedSeconds / elapsedSeconds)
                .as("a container held to 0.3 CPU, from its cgroup as the agent in its namespace read it, " + "over "
                        + elapsedSeconds + " s")
                .isBetween(0.10, 0.45);
        assertThat(Long.parseLong(busyRow.get("memory_usage_bytes")))
                .as("its memory, against its memory.usage_in_bytes")
                .isBetween(busyMemory / 2, busyMemory * 2);
        assertThat(busyRow.get("container_name")).isEqualTo(PREFIX + "busy");
        Map<String, String> userRow = last(containers, "container_id", user);
        assertThat(Long.parseLong(userRow.get("memory_usage_bytes")))
                .as("the other sibling's memory")
                .isBetween(userMemory / 2, userMemory * 2);
        double userCpu = containers.stream()
                .filter(r -> user.equals(r.get("container_id")))
                .mapToDouble(r -> Double.parseDouble(r.get("cpu_usage_seconds")))
                .sum();
        assertThat(userCpu)
                .as("its CPU over the run, within what its cpuacct.usage counted since it started")
                .isPositive()
                .isLessThanOrEqualTo(userCpuNs / 1e9);
        assertThat(userRow.get("processes")).isNotEmpty();

        List<Map<String, String>> processes = rows(run.resolve("process"));
        List<Map<String, String>> userShell = processes.stream()
                .filter(r -> user.equals(r.get("container_id")))
                .filter(r -> r.get("command").startsWith("sh -c"))
                .filter(r -> !r.get("cpu_user_seconds").isEmpty())
                .toList();
        assertThat(userShell)
                .as("rows of a process of uid 1000")
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.get("io_rchar_bytes"))
                        .as("its I/O cells, with the chart's capabilities")
                        .isNotEmpty());
        assertThat(userShell.stream()
                        .mapToLong(r -> Long.parseLong(r.get("io_rchar_bytes")))
                        .sum())
                .isPositive();

        Map<String, String> os = last(
                rows(run.resolve("os")).stream()
                        .filter(r -> r.containsKey("memory_total_bytes"))
                        .toList(),
                "node",
                IMAGE_NODE);
        assertThat(Long.parseLong(os.get("memory_total_bytes")))
                .as("the host's memory")
                .isEqualTo(memTotal());
        Set<String> interfaces = rows(run.resolve("os")).stream()
                .filter(r -> r.containsKey("interface"))
                .map(r -> r.get("interface"))
                .collect(Collectors.toCollection(TreeSet::new));
        // Other tests' containers come and go beside this one (their veth ends, compose's bridge):
        // every interface there both before and after the run is in the rows, and any other row's
        // interface was one of those or a container's.
        Set<String> after = hostInterfaces();
        Set<String> stable = new TreeSet<>(before);
        stable.retainAll(after);
        assertThat(interfaces).as("the host's interfaces").containsAll(stable);
        assertThat(interfaces)
                .as("no interface but the host's")
                .allSatisfy(i -> assertThat(before.contains(i) || after.contains(i) || i.matches("(veth|br-).*"))
                        .as(i)
                        .isTrue());
        Set<String> devices = rows(run.resolve("os")).stream()
                .filter(r -> r.containsKey("device"))
                .map(r -> r.get("device"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(devices)
                .as("the host's block devices")
                .isNotEmpty()
                .allSatisfy(d -> assertThat(Path.of("/sys/block", d)).exists());

        // The image gives what the jar gives: the node's inventory field for field, and every
        // column the jar's rows fill, table by table, filled in the image's rows too.
        tools.jackson.databind.JsonNode nodes = tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(Files.readString(run.resolve("run.json")))
                .get("nodes");
        tools.jackson.databind.JsonNode fromJar = nodes.get(JAR_NODE);
        tools.jackson.databind.JsonNode fromImage = nodes.get(IMAGE_NODE);
        for (String field : fromJar.propertyNames()) {
            if (!fromJar.get(field).isNull()) {
                assertThat(fromImage.get(field)).as("inventory field " + field).isEqualTo(fromJar.get(field));
            }
        }
        filledColumns(run)
                .forEach((table, byNode) -> assertThat(byNode.getOrDefault(IMAGE_NODE, Set.of()))
                        .as("the columns of " + table + " the jar fills")
                        .containsAll(byNode.getOrDefault(JAR_NODE, Set.of())));
        String log = sh(Duration.ofSeconds(30), "docker", "logs", PREFIX + "agent");
        assertThat(log.lines().filter(l -> l.contains(" ERROR ") || l.contains("JNA") || l.contains("oshi.")))
                .as("the image's log: no error, nothing of OSHI or JNA")
                .isEmpty();
    }

    /**
     * Per table (the header its files share), the columns some row of each node fills. The events
     * table is left out: which kinds of event a run holds is the run's, not the agent's form.
     */
    private static Map<String, Map<String, Set<String>>> filledColumns(Path run) throws IOException {
        Map<String, Map<String, Set<String>>> out = new java.util.TreeMap<>();
        for (String monitor : List.of("os", "container", "process")) {
            List<Path> csvs;
            try (java.util.stream.Stream<Path> files = Files.list(run.resolve(monitor))) {
                csvs = files.filter(f -> f.toString().endsWith(".csv")).sorted().toList();
            }
            for (Path f : csvs) {
                String header = Files.readAllLines(f).get(0);
                String table = monitor + " [" + header + "]";
                for (Map<String, String> row : io.kubemon.testsupport.CsvRows.byColumn(f)) {
                    Set<String> filled = out.computeIfAbsent(table, k -> new java.util.TreeMap<>())
                            .computeIfAbsent(row.get("node"), k -> new TreeSet<>());
                    row.forEach((column, value) -> {
                        if (value != null && !value.isEmpty()) {
                            filled.add(column);
                        }
                    });
                }
            }
        }
        return out;
    }

    /** The capabilities the chart adds (agent.capabilities in values.yaml): the test runs with exactly those. */
    private static List<String> chartCapabilities() throws IOException {
        for (String line : Files.readAllLines(ROOT.resolve("helm/kubemon/values.yaml"))) {
            String t = line.trim();
            if (t.startsWith("capabilities:") && t.contains("[")) {
                return List.of(t.substring(t.indexOf('[') + 1, t.indexOf(']'))
                        .replace(" ", "")
                        .split(","));
            }
        }
        throw new AssertionError("no agent capabilities in helm/kubemon/values.yaml");
    }

    private static long cgroupLong(String controller, String id, String file) throws IOException {
        return Long.parseLong(Files.readString(Path.of("/sys/fs/cgroup", controller, "docker", id, file))
                .trim());
    }

    private static long memTotal() throws IOException {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
                .findFirst()
                .orElseThrow();
    }

    private static Set<String> hostInterfaces() throws IOException {
        return Files.readAllLines(Path.of("/proc/1/net/dev")).stream()
                .skip(2)
                .map(l -> l.substring(0, l.indexOf(':')).trim())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, String> last(List<Map<String, String>> rows, String column, String value) {
        return rows.stream()
                .filter(r -> value.equals(r.get(column)))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no row with " + column + "=" + value));
    }

    private static List<Map<String, String>> rows(Path dir) throws IOException {
        return io.kubemon.testsupport.CsvRows.byColumnIn(dir);
    }
}
