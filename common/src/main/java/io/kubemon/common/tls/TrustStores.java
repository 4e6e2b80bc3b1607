package io.kubemon.common.tls;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Locale;
import javax.net.ssl.TrustManagerFactory;

/**
 * Loads the trust store a client is told to trust (a self-signed collector's certificate): the
 * agent's {@code kubemon.agent.trust-store} for its Netty client, the collector's
 * {@code kubemon.collector.peer-trust-store} for the JDK client that talks to its group. One
 * loader, so both read the same formats and fail with the same message.
 */
public final class TrustStores {
    private TrustStores() {}

    /**
     * The trust managers of {@code store}: JKS when the name ends in {@code .jks}, PKCS#12 otherwise.
     *
     * @param password the store's password; null for none
     * @param setting  the setting that named the store, for the message when it cannot be loaded
     * @throws IllegalStateException naming the setting, the file and the cause, when it cannot be loaded
     */
    public static TrustManagerFactory load(Path store, String password, String setting) {
        try (InputStream in = Files.newInputStream(store)) {
            String name = store.getFileName().toString().toLowerCase(Locale.ROOT);
            KeyStore ks = KeyStore.getInstance(name.endsWith(".jks") ? "JKS" : "PKCS12");
            ks.load(in, password == null ? new char[0] : password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf;
        } catch (Exception e) {
            throw new IllegalStateException("cannot load " + setting + " " + store + ": " + e, e);
        }
    }
}
