package io.kubemon.agent.kubernetes;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where the Kubernetes API is and how the agent proves who it is: a pod's service account, or
 * the current context of a kubeconfig. PEM blocks are held as read; {@link KubeApi} loads them.
 *
 * @param server            the API's URL, http or https
 * @param caPem             the CA certificates the server's certificate is checked against; null: the JDK's own
 * @param insecure          {@code insecure-skip-tls-verify}: the server's certificate is not checked
 * @param token             a bearer token given inline; null for none
 * @param tokenFile         a bearer token read again on every request (bound tokens rotate); null for none
 * @param clientCertPem     the client certificate chain for mutual TLS; null for none
 * @param clientKeyPem      its private key (PKCS#8, PKCS#1 RSA or SEC1 EC); null for none
 * @param origin            where this came from, in words: "the pod's service account", "kubeconfig ~/.kube/config, context kind"
 */
record ApiEndpoint(
        URI server,
        byte[] caPem,
        boolean insecure,
        String token,
        Path tokenFile,
        byte[] clientCertPem,
        byte[] clientKeyPem,
        String origin) {}
