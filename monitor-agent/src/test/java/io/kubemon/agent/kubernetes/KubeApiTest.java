package io.kubemon.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeApiTest {
    @TempDir
    Path serviceAccount;

    @Test
    void inAPodTheApiIsTheServiceAddressWithThePodsToken() throws Exception {
        Files.writeString(serviceAccount.resolve("token"), "eyJ.token\n");
        KubeApi api = KubeApi.of(
                "", serviceAccount, Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "6443"));
        assertThat(api.base()).hasToString("https://10.96.0.1:6443");
        assertThat(api.tokenFile()).isEqualTo(serviceAccount.resolve("token"));
        KubeApi v6 = KubeApi.of("", serviceAccount, Map.of("KUBERNETES_SERVICE_HOST", "fd00::1"));
        assertThat(v6.base()).hasToString("https://[fd00::1]:443");
    }

    @Test
    void aGivenUrlWinsAndNoTokenIsSentWhereThereIsNone() {
        KubeApi api =
                KubeApi.of("http://127.0.0.1:8080/", serviceAccount, Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"));
        assertThat(api.base()).hasToString("http://127.0.0.1:8080");
        assertThat(api.tokenFile()).isNull();
    }

    @Test
    void noApiOrABadOneIsSaidInWords() {
        assertThatThrownBy(() -> KubeApi.of(" ", serviceAccount, Map.of()))
                .hasMessageContaining("not in a pod")
                .hasMessageContaining("kubemon.agent.kubernetes.api-url");
        assertThatThrownBy(() -> KubeApi.of("ftp://x", serviceAccount, Map.of()))
                .hasMessageContaining("must be http:// or https://");
    }

    @Test
    void anUnreadableCaCertificateIsSaidInWords() throws Exception {
        Files.writeString(serviceAccount.resolve("ca.crt"), "not a certificate");
        assertThatThrownBy(() -> KubeApi.of("https://10.0.0.1", serviceAccount, Map.of()))
                .hasMessageContaining("CA certificate")
                .hasMessageContaining(serviceAccount.toString());
    }

    @Test
    void aClosedPortOnAnAddressIsRefusedNotLookedUpInDns() throws Exception {
        KubeApi api = KubeApi.of("https://127.0.0.1:" + closedPort(), serviceAccount, Map.of());
        assertThatThrownBy(() -> api.get("/api/v1/pods").block(java.time.Duration.ofSeconds(20)))
                .satisfies(e ->
                        assertThat(io.kubemon.agent.host.RootCause.describe(e)).containsIgnoringCase("refused"));
    }

    /** A loopback port nothing listens on (reactor-netty misreads a one-digit port such as 1 as part of the host). */
    static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
