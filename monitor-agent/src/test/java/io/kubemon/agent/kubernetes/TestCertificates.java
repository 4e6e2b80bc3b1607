package io.kubemon.agent.kubernetes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keys and certificates made by the host's openssl for a test, in the forms kubeconfigs hold:
 * PKCS#8, PKCS#1 RSA (kind, kubeadm) and SEC1 EC (k3s), each with a self-signed certificate.
 */
final class TestCertificates {
    private TestCertificates() {}

    /** A self-signed certificate for 127.0.0.1 ({@code name}.crt) and its PKCS#8 key ({@code name}.key). */
    static void rsa(Path dir, String name, String commonName) throws Exception {
        openssl(
                dir,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=" + commonName,
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout",
                name + ".key",
                "-out",
                name + ".crt");
    }

    /** {@code name}.key again as PKCS#1 ("BEGIN RSA PRIVATE KEY") in {@code name}-rsa.key. */
    static void pkcs1(Path dir, String name) throws Exception {
        openssl(dir, "rsa", "-in", name + ".key", "-traditional", "-out", name + "-rsa.key");
    }

    /** A SEC1 EC key ("BEGIN EC PRIVATE KEY", P-256) and a self-signed certificate for it. */
    static void ec(Path dir, String name, String commonName) throws Exception {
        openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", name + ".key");
        openssl(
                dir,
                "req",
                "-x509",
                "-key",
                name + ".key",
                "-days",
                "2",
                "-subj",
                "/CN=" + commonName,
                "-out",
                name + ".crt");
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
