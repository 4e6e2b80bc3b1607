package io.kubemon.agent.kubernetes;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.resolver.DefaultAddressResolverGroup;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;

/**
 * The Kubernetes API server as the agent talks to it: a GET of JSON and a watch, over the
 * Reactor Netty the agent already runs for its collector (no second HTTP stack, no Kubernetes
 * model: see BENCHMARKS.md, "the agent in its deployed form"). The watch is a WebSocket whose
 * messages are the watch events, as the API server and fabric8's mock serve it.
 *
 * @param base      "https://10.96.0.1:443" in a pod, any URL given outside one
 * @param tokenFile a bearer token read again on every request (bound tokens rotate); null for none
 * @param token     a bearer token given inline (a kubeconfig's); null for none
 */
record KubeApi(URI base, Path tokenFile, String token, HttpClient http) {
    static final String SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";
    /** A watch event holds one whole pod; a list every pod of the node. */
    private static final int MAX_MESSAGE = 16 << 20;

    /**
     * The API of the pod the agent runs in, or the one at {@code url}, with the pod's service account.
     *
     * @param url            the API's URL, or blank for the one of the pod the agent runs in
     * @param serviceAccount where the pod's token and the cluster's CA certificate are mounted
     * @param env            the process's environment (KUBERNETES_SERVICE_HOST and _PORT in a pod)
     * @throws IllegalArgumentException where there is no API to talk to, in words
     */
    static KubeApi of(String url, Path serviceAccount, Map<String, String> env) {
        URI base;
        if (url == null || url.isBlank()) {
            String host = env.get("KUBERNETES_SERVICE_HOST");
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("no Kubernetes API: the agent is not in a pod (no"
                        + " KUBERNETES_SERVICE_HOST), no kubeconfig was found (KUBECONFIG, ~/.kube/config or"
                        + " kubemon.agent.kubernetes.kubeconfig) and kubemon.agent.kubernetes.api-url is not set");
            }
            String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
            base = URI.create("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        } else {
            base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        }
        Path token = serviceAccount.resolve("token");
        Path ca = serviceAccount.resolve("ca.crt");
        byte[] caPem = null;
        if (Files.isReadable(ca)) {
            try {
                caPem = Files.readAllBytes(ca);
            } catch (IOException e) {
                throw new IllegalArgumentException("the cluster's CA certificate " + ca + " cannot be read: " + e, e);
            }
        }
        return of(new ApiEndpoint(
                base,
                caPem,
                false,
                null,
                Files.isReadable(token) ? token : null,
                null,
                null,
                "service account " + serviceAccount));
    }

    /** @throws IllegalArgumentException where the endpoint's URL, certificates or key cannot be used, in words */
    static KubeApi of(ApiEndpoint endpoint) {
        URI base = endpoint.server();
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new IllegalArgumentException("the Kubernetes API's URL must be http:// or https://, not " + base
                    + " (kubemon.agent.kubernetes.api-url or a kubeconfig's server)");
        }
        HttpClient http = HttpClient.create(ConnectionProvider.builder("kubemon-k8s")
                        .maxConnections(2)
                        .build())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                // The JDK's resolver: an IP literal (the in-pod 10.96.0.1) is never a DNS query,
                // and a name resolves as the node's /etc/hosts and resolv.conf say.
                .resolver(DefaultAddressResolverGroup.INSTANCE);
        if ("https".equals(base.getScheme())) {
            SslContext ssl = sslContext(endpoint);
            http = http.secure(spec -> spec.sslContext(ssl));
        }
        return new KubeApi(base, endpoint.tokenFile(), endpoint.token(), http);
    }

    private static SslContext sslContext(ApiEndpoint e) {
        SslContextBuilder b = SslContextBuilder.forClient();
        try {
            if (e.insecure()) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (e.caPem() != null) {
                b.trustManager(PemKeys.certificates(e.caPem()));
            }
        } catch (IllegalArgumentException x) {
            throw new IllegalArgumentException(
                    e.origin() + ": the cluster's CA certificate cannot be read: " + x.getMessage(), x);
        }
        if (e.clientCertPem() != null) {
            try {
                b.keyManager(PemKeys.privateKey(e.clientKeyPem()), PemKeys.certificates(e.clientCertPem()));
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException(
                        e.origin() + ": the client certificate or key cannot be read: " + x.getMessage(), x);
            }
        }
        try {
            return b.build();
        } catch (SSLException x) {
            throw new IllegalArgumentException(e.origin() + ": TLS cannot be set up: " + x.getMessage(), x);
        }
    }

    private HttpClient authorized() {
        if (tokenFile == null && token == null) {
            return http;
        }
        return http.headers(h -> {
            try {
                String bearer = tokenFile == null
                        ? token
                        : Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
                h.set("Authorization", "Bearer " + bearer);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("the token file " + tokenFile + " cannot be read", e);
            }
        });
    }

    /** The body of a GET of {@code pathAndQuery}; an answer other than 200 is an error naming its status. */
    Mono<byte[]> get(String pathAndQuery) {
        return authorized()
                .responseTimeout(Duration.ofSeconds(30))
                .get()
                .uri(base + pathAndQuery)
                .responseSingle((response, body) -> body.asByteArray()
                        .defaultIfEmpty(new byte[0])
                        .flatMap(bytes -> response.status().code() == 200
                                ? Mono.just(bytes)
                                : Mono.error(new IOException("GET " + pathAndQuery + " answered "
                                        + response.status() + ": "
                                        + new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8)))));
    }

    /**
     * The messages of a watch at {@code pathAndQuery} (with {@code watch=true}), each one JSON
     * event; {@code opened} runs once the API has accepted the watch. Completes when the API ends it.
     */
    Flux<byte[]> watch(String pathAndQuery, Runnable opened) {
        return authorized()
                .websocket(WebsocketClientSpec.builder()
                        .maxFramePayloadLength(MAX_MESSAGE)
                        .build())
                .uri(base.toString().replaceFirst("^http", "ws") + pathAndQuery)
                .handle((in, out) -> {
                    opened.run();
                    return in.aggregateFrames(MAX_MESSAGE)
                            .receiveFrames()
                            .map(frame -> ByteBufUtil.getBytes(frame.content()));
                });
    }
}
