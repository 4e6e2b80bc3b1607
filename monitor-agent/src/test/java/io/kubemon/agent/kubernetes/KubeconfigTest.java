package io.kubemon.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigTest {
    @TempDir
    Path dir;

    /** Two contexts, as kind and a cloud cluster leave them side by side; the current one is read. */
    private static String config(String current, String user) {
        return """
                apiVersion: v1
                kind: Config
                current-context: %s
                contexts:
                - name: kind-lab
                  context: {cluster: kind-lab, user: kind-lab}
                - name: prod
                  context: {cluster: prod, user: prod, namespace: shop}
                clusters:
                - name: kind-lab
                  cluster:
                    server: https://127.0.0.1:40123/
                    certificate-authority-data: %s
                - name: prod
                  cluster:
                    server: https://prod.example:6443
                    certificate-authority: certs/ca.crt
                users:
                - name: kind-lab
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                - name: prod
                  user:
                %s
                """.formatted(
                        current,
                        b64("CA PEM"),
                        b64("CERT PEM"),
                        b64("KEY PEM"),
                        user.indent(4).stripTrailing());
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes());
    }

    @Test
    void theCurrentContextsServerCaAndClientCertificateAreRead() {
        ApiEndpoint e = Kubeconfig.parse(config("kind-lab", "token: x"), dir, "kubeconfig k");
        assertThat(e.server()).hasToString("https://127.0.0.1:40123");
        assertThat(new String(e.caPem())).isEqualTo("CA PEM");
        assertThat(new String(e.clientCertPem())).isEqualTo("CERT PEM");
        assertThat(new String(e.clientKeyPem())).isEqualTo("KEY PEM");
        assertThat(e.token()).isNull();
        assertThat(e.tokenFile()).isNull();
        assertThat(e.insecure()).isFalse();
        assertThat(e.origin()).isEqualTo("kubeconfig k, context kind-lab");
    }

    @Test
    void filesAreRelativeToTheKubeconfigsDirectoryAndATokenFileIsKeptAsAPath() throws Exception {
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/ca.crt"), "PROD CA");
        ApiEndpoint e = Kubeconfig.parse(config("prod", "tokenFile: secrets/token"), dir, "k");
        assertThat(new String(e.caPem())).isEqualTo("PROD CA");
        assertThat(e.tokenFile()).isEqualTo(dir.resolve("secrets/token"));
        ApiEndpoint inline = Kubeconfig.parse(config("prod", "token: eyJ.abc"), dir, "k");
        assertThat(inline.token()).isEqualTo("eyJ.abc");
    }

    @Test
    void execAndAuthProviderUsersAreRefusedSayingWhatToUseInstead() throws Exception {
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/ca.crt"), "PROD CA");
        String exec = """
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: gke-gcloud-auth-plugin""";
        assertThatThrownBy(() -> Kubeconfig.parse(config("prod", exec), dir, "kubeconfig k"))
                .hasMessageContaining("kubeconfig k, context prod: user 'prod' authenticates with exec"
                        + " (gke-gcloud-auth-plugin), which the agent does not run")
                .hasMessageContaining("kubectl create token")
                .hasMessageContaining("client certificate");
        String provider = """
                auth-provider:
                  name: oidc""";
        assertThatThrownBy(() -> Kubeconfig.parse(config("prod", provider), dir, "k"))
                .hasMessageContaining("auth-provider (oidc)");
        assertThatThrownBy(() -> Kubeconfig.parse(config("prod", "username: a\npassword: b"), dir, "k"))
                .hasMessageContaining("username and password");
    }

    @Test
    void whatIsMissingOrWrongIsSaidInWords() {
        assertThatThrownBy(() -> Kubeconfig.parse(config("gone", "token: x"), dir, "kubeconfig k"))
                .hasMessage("kubeconfig k has no context named 'gone' among its contexts");
        assertThatThrownBy(() -> Kubeconfig.parse("apiVersion: v1\n", dir, "kubeconfig k"))
                .hasMessageContaining("has no current-context");
        assertThatThrownBy(() -> Kubeconfig.parse("a: [", dir, "kubeconfig k")).hasMessageContaining("is not YAML");
        assertThatThrownBy(() -> Kubeconfig.parse(config("prod", "token: x"), dir, "k"))
                .hasMessageContaining("certificate-authority " + dir.resolve("certs/ca.crt") + " cannot be read");
        assertThatThrownBy(() ->
                        Kubeconfig.parse(config("kind-lab", "token: x").replace("client-key-data", "other"), dir, "k"))
                .hasMessageContaining("has a client certificate but no key");
    }

    @Test
    void theFileIsFoundAsKubectlFindsIt() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        assertThat(Kubeconfig.locate("", Map.of(), home.toString())).isNull();
        Path dflt = Files.createDirectories(home.resolve(".kube")).resolve("config");
        Files.writeString(dflt, "x");
        assertThat(Kubeconfig.locate("", Map.of(), home.toString())).isEqualTo(dflt);
        Path second = Files.writeString(dir.resolve("second"), "x");
        // KUBECONFIG, where set, is the list looked in: its first existing file; the default is not.
        assertThat(Kubeconfig.locate(
                        null, Map.of("KUBECONFIG", dir.resolve("missing") + ":" + second), home.toString()))
                .isEqualTo(second);
        assertThat(Kubeconfig.locate(
                        null, Map.of("KUBECONFIG", dir.resolve("missing").toString()), home.toString()))
                .isNull();
        assertThat(Kubeconfig.locate("/given", Map.of("KUBECONFIG", second.toString()), home.toString()))
                .isEqualTo(Path.of("/given"));
    }
}
