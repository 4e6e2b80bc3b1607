package io.kubemon.agent.kubernetes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PEM blocks of a kubeconfig as the JDK's key and certificate types. Private keys come in
 * three forms: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}, kind's and kubeadm's)
 * and SEC1 ({@code EC PRIVATE KEY}, k3s'); the JDK reads only PKCS#8, so the other two are wrapped
 * in PKCS#8's envelope (an algorithm identifier around the same bytes) before it reads them.
 */
final class PemKeys {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    /** rsaEncryption, with its NULL parameters, DER. */
    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
    /** id-ecPublicKey's OID, DER; the curve's OID follows it in the algorithm identifier. */
    private static final byte[] EC_PUBLIC_KEY = hex("06072a8648ce3d0201");

    private PemKeys() {}

    static X509Certificate[] certificates(byte[] pem) {
        try {
            X509Certificate[] chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem))
                    .toArray(X509Certificate[]::new);
            if (chain.length == 0) {
                throw new CertificateException("no certificate in it");
            }
            return chain;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(byte[] pem) {
        Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new IllegalArgumentException("not a PEM private key (no -----BEGIN ... PRIVATE KEY----- block)");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", ""));
        return switch (m.group(1)) {
            case "PRIVATE KEY" -> pkcs8(der, "RSA", "EC", "Ed25519", "DSA");
            case "RSA PRIVATE KEY" -> pkcs8(sequence(integerZero(), RSA_ALGORITHM, octetString(der)), "RSA");
            case "EC PRIVATE KEY" ->
                pkcs8(sequence(integerZero(), sequence(EC_PUBLIC_KEY, curveOf(der)), octetString(der)), "EC");
            default ->
                throw new IllegalArgumentException(m.group(1)
                        + " is not a key the agent reads (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY; an encrypted"
                        + " key must be decrypted first: openssl pkcs8 -topk8 -nocrypt)");
        };
    }

    private static PrivateKey pkcs8(byte[] der, String... algorithms) {
        GeneralSecurityException last = null;
        for (String algorithm : algorithms) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new IllegalArgumentException("the private key cannot be read: " + last.getMessage(), last);
    }

    /** SEC1's ECPrivateKey: SEQUENCE { version, privateKey, [0] parameters (the curve's OID), [1] publicKey }. */
    private static byte[] curveOf(byte[] sec1) {
        int[] outer = header(sec1, 0);
        int at = outer[0];
        while (at < sec1.length) {
            int[] h = header(sec1, at);
            if ((sec1[at] & 0xff) == 0xa0) {
                return Arrays.copyOfRange(sec1, h[0], h[0] + h[1]);
            }
            at = h[0] + h[1];
        }
        throw new IllegalArgumentException(
                "the EC private key names no curve; convert it: openssl pkcs8 -topk8 -nocrypt");
    }

    /** {contentStart, contentLength} of the DER element at {@code at}. */
    private static int[] header(byte[] der, int at) {
        int len = der[at + 1] & 0xff;
        if (len < 0x80) {
            return new int[] {at + 2, len};
        }
        int n = len & 0x7f;
        int value = 0;
        for (int i = 0; i < n; i++) {
            value = (value << 8) | (der[at + 2 + i] & 0xff);
        }
        return new int[] {at + 2 + n, value};
    }

    private static byte[] integerZero() {
        return new byte[] {0x02, 0x01, 0x00};
    }

    private static byte[] octetString(byte[] content) {
        return element(0x04, content);
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return element(0x30, out.toByteArray());
    }

    private static byte[] element(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            int bytes = len > 0xffff ? 3 : len > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(len >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
