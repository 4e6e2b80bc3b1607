package io.kubemon.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemKeysTest {
    @TempDir
    Path dir;

    /** The key read is the certificate's: what it signs, the certificate's public key verifies. */
    private static void assertPair(PrivateKey key, X509Certificate cert, String algorithm) throws Exception {
        Signature sign = Signature.getInstance(algorithm);
        sign.initSign(key);
        sign.update("kubemon".getBytes());
        byte[] signature = sign.sign();
        Signature verify = Signature.getInstance(algorithm);
        verify.initVerify(cert.getPublicKey());
        verify.update("kubemon".getBytes());
        assertThat(verify.verify(signature)).isTrue();
    }

    @Test
    void pkcs8AndPkcs1RsaKeysReadAsTheSameKey() throws Exception {
        TestCertificates.rsa(dir, "client", "agent");
        TestCertificates.pkcs1(dir, "client");
        assertThat(Files.readString(dir.resolve("client.key"))).contains("BEGIN PRIVATE KEY");
        assertThat(Files.readString(dir.resolve("client-rsa.key"))).contains("BEGIN RSA PRIVATE KEY");
        PrivateKey pkcs8 = PemKeys.privateKey(Files.readAllBytes(dir.resolve("client.key")));
        PrivateKey pkcs1 = PemKeys.privateKey(Files.readAllBytes(dir.resolve("client-rsa.key")));
        assertThat(pkcs1.getEncoded()).isEqualTo(pkcs8.getEncoded());
        X509Certificate[] chain = PemKeys.certificates(Files.readAllBytes(dir.resolve("client.crt")));
        assertThat(chain).hasSize(1);
        assertThat(chain[0].getSubjectX500Principal().getName()).isEqualTo("CN=agent");
        assertPair(pkcs1, chain[0], "SHA256withRSA");
    }

    @Test
    void aSec1EcKeyReadsWithItsCurve() throws Exception {
        TestCertificates.ec(dir, "k3s", "agent");
        assertThat(Files.readString(dir.resolve("k3s.key"))).contains("BEGIN EC PRIVATE KEY");
        PrivateKey key = PemKeys.privateKey(Files.readAllBytes(dir.resolve("k3s.key")));
        assertThat(key.getAlgorithm()).isEqualTo("EC");
        assertPair(key, PemKeys.certificates(Files.readAllBytes(dir.resolve("k3s.crt")))[0], "SHA256withECDSA");
    }

    @Test
    void whatIsNotAKeyIsSaidInWords() {
        assertThatThrownBy(() -> PemKeys.privateKey("hello".getBytes())).hasMessageContaining("not a PEM private key");
        assertThatThrownBy(() -> PemKeys.privateKey(
                        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"
                                .getBytes()))
                .hasMessageContaining("decrypted first");
        assertThatThrownBy(() -> PemKeys.certificates("no".getBytes())).hasMessageContaining("not a PEM certificate");
    }
}
