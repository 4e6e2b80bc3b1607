package io.kubemon.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real key store files, written here by the JDK: each format loads, and every failure names the setting and file. */
class TrustStoresTest {
    @TempDir
    Path dir;

    private Path store(String name, String type, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance(type);
        ks.load(null, null);
        Path p = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(p)) {
            ks.store(out, password.toCharArray());
        }
        return p;
    }

    @Test
    void loadsPkcs12AndJksByTheFileName() throws Exception {
        assertThat(TrustStores.load(store("ca.p12", "PKCS12", "secret"), "secret", "kubemon.agent.trust-store")
                        .getTrustManagers())
                .isNotEmpty();
        assertThat(TrustStores.load(store("ca.jks", "JKS", "secret"), "secret", "kubemon.agent.trust-store")
                        .getTrustManagers())
                .isNotEmpty();
    }

    @Test
    void aWrongPasswordOrAMissingFileIsNamed() throws Exception {
        Path p12 = store("ca.p12", "PKCS12", "secret");
        assertThatThrownBy(() -> TrustStores.load(p12, "wrong", "kubemon.collector.peer-trust-store"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot load kubemon.collector.peer-trust-store " + p12);
        Path missing = dir.resolve("nope.p12");
        assertThatThrownBy(() -> TrustStores.load(missing, null, "kubemon.agent.trust-store"))
                .hasMessageContaining("kubemon.agent.trust-store " + missing)
                .hasMessageContaining("NoSuchFileException");
    }
}
