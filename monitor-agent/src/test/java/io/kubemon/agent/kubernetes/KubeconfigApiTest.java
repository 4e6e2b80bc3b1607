package io.kubemon.agent.kubernetes;

import static io.kubemon.agent.kubernetes.PodFixtures.await;
import static io.kubemon.agent.kubernetes.PodFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubemon.agent.host.EventLog;
import io.kubemon.agent.host.Notices;
import io.kubemon.agent.host.RootCause;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * An agent run by hand beside a cluster, with a kubeconfig: against fabric8's mock API server over
 * HTTPS (its self-signed certificate as the cluster's CA, a bearer token), and against the JDK's
 * HTTPS server on loopback that asks for a client certificate (mutual TLS, as kind and kubeadm
 * users authenticate), with keys and certificates made by openssl in the test.
 */
@EnableKubernetesMockClient(crud = true)
class KubeconfigApiTest {
    private static final String APP = "f".repeat(64);

    KubernetesClient client;
    KubernetesMockServer server;

    @TempDir
    Path dir;

    private Path kubeconfig(String server, String clusterFields, String userFields) throws Exception {
        return Files.writeString(dir.resolve("config"), """
                apiVersion: v1
                kind: Config
                current-context: lab
                contexts:
                - name: lab
                  context: {cluster: lab, user: lab}
                clusters:
                - name: lab
                  cluster:
                    server: %s
                %s
                users:
                - name: lab
                  user:
                %s
                """.formatted(
                        server,
                        clusterFields.indent(4).stripTrailing(),
                        userFields.indent(4).stripTrailing()));
    }

    @Test
    void podNamesComeThroughTheKubeconfigsServerCaAndToken() throws Exception {
        String uid = client.pods()
                .inNamespace("lab")
                .resource(pod("web-0", "lab", "u-1", "laptop", "web", APP))
                .create()
                .getMetadata()
                .getUid();
        Files.copy(Path.of(server.getSelfSignedCertificate().certificatePath()), dir.resolve("ca.crt"));
        // Relative to the kubeconfig's directory, as kubectl reads it.
        Path config =
                kubeconfig(client.getMasterUrl().toString(), "certificate-authority: ca.crt", "token: kube-token");
        Notices notices = new Notices();
        try (KubernetesPodMetadata meta = new KubernetesPodMetadata(
                KubeApi.of(Kubeconfig.read(config)),
                JsonMapper.builder().build(),
                "laptop",
                notices,
                new EventLog(),
                false,
                300)) {
            assertThat(await(() -> meta.lookup(uid, APP), n -> n.pod() != null))
                    .as("notices: %s", notices.all())
                    .isEqualTo(new PodMetadata.Names("web-0", "lab", "web", "nginx:1.27"));
        }
        List<String> tokens = new ArrayList<>();
        for (var r = server.takeRequest(1, TimeUnit.SECONDS);
                r != null;
                r = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
            if (r.getPath().startsWith("/api/v1/pods")) {
                tokens.add(r.getHeader("Authorization"));
            }
        }
        assertThat(tokens).isNotEmpty().allMatch("Bearer kube-token"::equals);
    }

    @Test
    void aClientCertificateAndKeyAreWhatTheServerSees() throws Exception {
        TestCertificates.rsa(dir, "server", "127.0.0.1");
        TestCertificates.ec(dir, "client", "kubemon-agent");
        List<String> peers = new CopyOnWriteArrayList<>();
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext()) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        byte[] list = "{\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"7\"},\"items\":[]}"
                .getBytes(StandardCharsets.UTF_8);
        https.createContext("/api/v1/pods", ex -> {
            peers.add(((HttpsExchange) ex).getSSLSession().getPeerPrincipal().getName());
            ex.sendResponseHeaders(200, list.length);
            ex.getResponseBody().write(list);
            ex.close();
        });
        https.start();
        try {
            String url = "https://127.0.0.1:" + https.getAddress().getPort();
            Path config = kubeconfig(
                    url, "certificate-authority: server.crt", "client-certificate: client.crt\nclient-key: client.key");
            byte[] body =
                    KubeApi.of(Kubeconfig.read(config)).get("/api/v1/pods").block(Duration.ofSeconds(30));
            assertThat(body).isEqualTo(list);
            assertThat(peers).containsExactly("CN=kubemon-agent");

            // Without the certificate the server refuses the handshake: the one above was needed.
            Path anonymous = kubeconfig(url, "certificate-authority: server.crt", "token: none");
            KubeApi api = KubeApi.of(Kubeconfig.read(anonymous));
            assertThatThrownBy(() -> api.get("/api/v1/pods").block(Duration.ofSeconds(30)))
                    .satisfies(e -> assertThat(RootCause.describe(e)).isNotBlank());
            assertThat(peers).hasSize(1);

            // A CA that is not the server's: the agent refuses the server.
            Path wrongCa = kubeconfig(
                    url, "certificate-authority: client.crt", "client-certificate: client.crt\nclient-key: client.key");
            KubeApi untrusting = KubeApi.of(Kubeconfig.read(wrongCa));
            assertThatThrownBy(() -> untrusting.get("/api/v1/pods").block(Duration.ofSeconds(30)))
                    .satisfies(e -> assertThat(RootCause.describe(e)).containsIgnoringCase("certif"));
            assertThat(peers).hasSize(1);
        } finally {
            https.stop(0);
        }
    }

    /** The server's key and certificate, and the client's certificate as the one it trusts. */
    private SSLContext serverContext() throws Exception {
        char[] pass = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry(
                "server",
                PemKeys.privateKey(Files.readAllBytes(dir.resolve("server.key"))),
                pass,
                PemKeys.certificates(Files.readAllBytes(dir.resolve("server.crt"))));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("client", PemKeys.certificates(Files.readAllBytes(dir.resolve("client.crt")))[0]);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, pass);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
