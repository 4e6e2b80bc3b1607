package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The agent against a collector over HTTPS with a self-signed certificate made in the test
 * (Spring Boot's standard server.ssl.* on the collector, a trust store on the agent), and the
 * shared token required on both sides.
 */
class TlsTest {
    private static final String TOKEN = "tls-test-token";

    @TempDir
    Path work;

    private void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        io.kubemon.testsupport.Shell.run(java.time.Duration.ofSeconds(60), cmd.toArray(String[]::new));
    }

    /** A self-signed certificate for 127.0.0.1 in {@code collector.p12}, trusted by {@code trust.p12}; the client's SSL context. */
    private SSLContext certificates() throws Exception {
        Path keyStore = work.resolve("collector.p12");
        Path cert = work.resolve("collector.pem");
        Path trustStore = work.resolve("trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "kubemon",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit");
        keytool(
                "-exportcert",
                "-alias",
                "kubemon",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                "changeit",
                "-rfc",
                "-file",
                cert.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "kubemon",
                "-file",
                cert.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                "changeit");

        KeyStore ts = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            ts.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    @Test
    void agentRegistersAndDeliversOverHttpsWithTheToken() throws Exception {
        SSLContext ssl = certificates();
        Path keyStore = work.resolve("collector.p12");
        Path trustStore = work.resolve("trust.p12");
        Http https = new Http(
                HttpClient.newBuilder()
                        .sslContext(ssl)
                        .connectTimeout(Duration.ofSeconds(2))
                        .build(),
                TOKEN);

        try (ServiceProcess collector = ServiceProcess.start(
                        "collector-service",
                        work.resolve("collector"),
                        List.of(
                                "--server.port=0",
                                "--kubemon.collector.data-dir=" + work.resolve("data"),
                                "--server.ssl.enabled=true",
                                "--server.ssl.key-store=" + keyStore,
                                "--server.ssl.key-store-type=PKCS12",
                                "--server.ssl.key-store-password=changeit",
                                "--kubemon.security.token=" + TOKEN));
                ServiceProcess agent = ServiceProcess.start(
                        "monitor-agent",
                        work.resolve("agent"),
                        List.of(
                                "--server.port=0",
                                "--kubemon.agent.collector-url=https://127.0.0.1:" + collector.awaitPort(),
                                "--kubemon.agent.node-name=tls-node",
                                "--kubemon.agent.trust-store=" + trustStore,
                                "--kubemon.agent.trust-store-password=changeit",
                                "--kubemon.security.token=" + TOKEN,
                                "--kubemon.agent.heartbeat-interval=200ms",
                                "--kubemon.agent.spool-dir=" + work.resolve("spool"),
                                "--kubemon.agent.sources.container=false",
                                "--kubemon.agent.sources.process=false"))) {
            String base = "https://127.0.0.1:" + collector.awaitPort();
            Http.await(
                    "agent over https",
                    Duration.ofSeconds(120),
                    () -> https.call("GET", base + "/instances", null)
                                            .get("count")
                                            .asInt()
                                    == 1
                            ? true
                            : null);
            https.call("POST", base + "/start", "{\"outputDir\":\"tls\",\"intervalMs\":500}");
            Http.await(
                    "rows over https",
                    Duration.ofSeconds(30),
                    () -> https.call("GET", base + "/status", null).get("rows").asLong() > 0 ? true : null);
            assertThat(https.call("POST", base + "/stop?wait=true", null)
                            .get("rows")
                            .asLong())
                    .isPositive();
            assertThat(Files.exists(work.resolve("data/tls/os/tls-node.csv"))).isTrue();
            assertThat(agent.log()).doesNotContain("refused with 401");
            assertThat(collector.alive()).isTrue();
        }
    }

    private ServiceProcess groupMember(String name, int port, String peers, String self, String... extra)
            throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--server.port=" + port,
                "--kubemon.collector.data-dir=" + work.resolve("data-" + name),
                "--server.ssl.enabled=true",
                "--server.ssl.key-store=" + work.resolve("collector.p12"),
                "--server.ssl.key-store-type=PKCS12",
                "--server.ssl.key-store-password=changeit",
                "--kubemon.security.token=" + TOKEN,
                "--kubemon.collector.peers=" + peers,
                "--kubemon.collector.self=" + self));
        args.addAll(List.of(extra));
        return ServiceProcess.start("collector-service", work.resolve(name), args);
    }

    /**
     * A collector group over HTTPS: members call each other with the token and trust the peer
     * trust store; a member without it cannot reach the others, and its start says so.
     */
    @Test
    void groupMembersCallEachOtherOverHttpsWithTheToken() throws Exception {
        SSLContext ssl = certificates();
        Http https = new Http(
                HttpClient.newBuilder()
                        .sslContext(ssl)
                        .connectTimeout(Duration.ofSeconds(2))
                        .build(),
                TOKEN);
        int[] ports = {ServiceProcess.freePort(), ServiceProcess.freePort(), ServiceProcess.freePort()};
        String a = "https://127.0.0.1:" + ports[0];
        String b = "https://127.0.0.1:" + ports[1];
        String lost = "https://127.0.0.1:" + ports[2];
        String trust = "--kubemon.collector.peer-trust-store=" + work.resolve("trust.p12");
        try (ServiceProcess ca = groupMember(
                        "a",
                        ports[0],
                        a + "," + b,
                        a,
                        trust,
                        "--kubemon.collector.peer-trust-store-password=changeit");
                ServiceProcess cb = groupMember(
                        "b",
                        ports[1],
                        a + "," + b,
                        b,
                        trust,
                        "--kubemon.collector.peer-trust-store-password=changeit");
                ServiceProcess untrusting = groupMember("c", ports[2], lost + "," + b, lost)) {
            for (String url : List.of(a, b, lost)) {
                Http.await(
                        url,
                        Duration.ofSeconds(120),
                        () -> https.call("GET", url + "/actuator/health/readiness", null));
            }
            String runId = https.call("POST", b + "/start", "{\"outputDir\":\"tls-group\",\"intervalMs\":500}")
                    .get("runId")
                    .asString();
            assertThat(https.call("GET", a + "/status?scope=local", null)
                            .get("runId")
                            .asString())
                    .isEqualTo(runId);
            JsonNode group = https.call("GET", a + "/status", null);
            assertThat(group.get("collectors")
                            .valueStream()
                            .allMatch(m -> m.get("reachable").asBoolean()))
                    .as(group.toString())
                    .isTrue();
            assertThat(https.call("POST", a + "/stop", null).get("state").asString())
                    .isIn("stopping", "finished");
            assertThat(https.call("GET", b + "/status?scope=local", null)
                            .get("stopAt")
                            .isNull())
                    .isFalse();

            // Without the peer trust store the self-signed member cannot be reached, and the start says why.
            Http.Answer refused = https.exchange("POST", lost + "/start", "{\"outputDir\":\"never\"}");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.body().get("message").asString()).contains(b).contains("nothing was started");
            assertThat(work.resolve("data-c").resolve("never")).doesNotExist();
            assertThat(ca.alive() && cb.alive() && untrusting.alive()).isTrue();
        }
    }
}
