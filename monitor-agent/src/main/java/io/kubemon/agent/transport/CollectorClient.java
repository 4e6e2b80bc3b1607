package io.kubemon.agent.transport;

import io.kubemon.agent.config.AgentProperties;
import io.kubemon.agent.host.RootCause;
import io.kubemon.common.tls.TrustStores;
import io.kubemon.common.wire.BatchAck;
import io.kubemon.common.wire.DesiredState;
import io.kubemon.common.wire.Heartbeat;
import io.kubemon.common.wire.Paths;
import io.kubemon.common.wire.Registration;
import io.kubemon.common.wire.RegistrationAck;
import io.kubemon.common.wire.SampleBatch;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The collector's HTTP API as blocking calls. The agent's own threads (control loop, sender)
 * call these one at a time, so blocking on the reactive client costs nothing and keeps the
 * ordering guarantees easy to see.
 */
@Component
public class CollectorClient {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CollectorClient.class);
    /** The configured address (in Kubernetes the collectors' Service): where registration starts. */
    private final WebClient service;

    private final String serviceUrl;
    private final WebClient.Builder builder;
    /**
     * Where heartbeats and batches go: the configured address, or in a collector group the member
     * that owns this node, as the registration's answer named it (a Service would spread the calls
     * over every member, and each node's batches must reach one).
     */
    private volatile WebClient web;

    private volatile String target;
    private final Duration timeout;
    private final BatchJson batchJson;

    public CollectorClient(
            AgentProperties properties,
            WebClient.Builder builder,
            @Value("${kubemon.security.token:}") String token,
            JsonMapper json) {
        this.batchJson = new BatchJson(json);
        // No observation per request: timing every batch POST into Micrometer cost more CPU than
        // encoding the batch (async-profiler); the agent's own meters count sent and dropped rows.
        builder = builder.observationRegistry(ObservationRegistry.NOOP)
                .baseUrl(properties.collectorUrl().toString())
                .codecs(c -> c.defaultCodecs().maxInMemorySize(1 << 20));
        if (!token.isBlank()) {
            builder = builder.defaultHeader("Authorization", "Bearer " + token.trim());
        }
        if (properties.trustStore() != null) {
            builder = builder.clientConnector(new ReactorClientHttpConnector(
                    HttpClient.create().secure(spec -> spec.sslContext(trusting(properties)))));
        }
        this.builder = builder;
        this.serviceUrl = properties.collectorUrl().toString();
        this.service = builder.build();
        this.web = service;
        this.target = serviceUrl;
        this.timeout = properties.requestTimeout();
    }

    /**
     * Registers at the configured address. In a collector group the answer names the node's
     * owner: a member that is not the owner registers nothing, and the agent registers at the
     * owner; from then on every call goes to the owner. While the owner is down the calls fail and
     * the agent spools, as with a single collector: a node's rows never go to another member.
     */
    public RegistrationAck register(Registration registration) {
        RegistrationAck ack = call(
                service.post()
                        .uri(Paths.REGISTER)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(registration)
                        .retrieve()
                        .bodyToMono(RegistrationAck.class),
                "register");
        WebClient owner = null; // the owner's client, when it was needed to register there
        String ownerUrl = null;
        if (ack.agentId() == null && ack.owner() != null) {
            ownerUrl = ack.owner();
            owner = builder.clone().baseUrl(ownerUrl).build();
            ack = call(
                    owner.post()
                            .uri(Paths.REGISTER)
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(registration)
                            .retrieve()
                            .bodyToMono(RegistrationAck.class),
                    "register at the owner " + ack.owner());
            if (ack.agentId() == null) {
                throw new CollectorException(
                        0,
                        "register: the collector group does not agree who owns this node (" + ack.owner()
                                + " named); are its members configured with the same kubemon.collector.peers?",
                        null);
            }
        }
        String next = ack.owner() == null ? serviceUrl : ack.owner();
        if (!next.equals(target)) {
            log.info("heartbeats and batches go to {}, the collector that owns this node", next);
            if (next.equals(serviceUrl)) {
                web = service;
            } else if (next.equals(ownerUrl)) {
                web = owner; // built for the registration just made there
            } else {
                web = builder.clone().baseUrl(next).build();
            }
            target = next;
        }
        return ack;
    }

    /** Where heartbeats and batches go now. */
    public String target() {
        return target;
    }

    public DesiredState heartbeat(String agentId, Heartbeat report) {
        return call(
                web.post()
                        .uri(Paths.HEARTBEAT, agentId)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(report)
                        .retrieve()
                        .bodyToMono(DesiredState.class),
                "heartbeat");
    }

    public BatchAck send(SampleBatch batch) {
        // Encoded here, on the sender's thread, by the streaming writer: not on the event loop by data binding.
        return call(
                web.post()
                        .uri(Paths.BATCHES)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(batchJson.encode(batch))
                        .retrieve()
                        .bodyToMono(BatchAck.class),
                "batch " + batch.seq());
    }

    /**
     * The batch read and validated by the collector but not written ({@code ?check=true}): the
     * warm-up's check of this agent's rows against the collector's schema, by the same code path
     * (encoding, HTTP, the answer's decoding) as {@link #send}.
     */
    public BatchAck check(SampleBatch batch) {
        return call(
                web.post()
                        .uri(Paths.BATCHES + "?check=true")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(batchJson.encode(batch))
                        .retrieve()
                        .bodyToMono(BatchAck.class),
                "check of a warm-up batch");
    }

    /** An SSL context that trusts the certificates of the configured trust store (e.g. a self-signed collector). */
    private static io.netty.handler.ssl.SslContext trusting(AgentProperties p) {
        try {
            return io.netty.handler.ssl.SslContextBuilder.forClient()
                    .trustManager(TrustStores.load(p.trustStore(), p.trustStorePassword(), "kubemon.agent.trust-store"))
                    .build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("cannot use kubemon.agent.trust-store " + p.trustStore() + ": " + e, e);
        }
    }

    private <T> T call(Mono<T> request, String what) {
        try {
            return request.block(timeout);
        } catch (WebClientResponseException e) {
            throw new CollectorException(
                    e.getStatusCode().value(),
                    retryAfterMs(e.getHeaders().getFirst("Retry-After")),
                    what + " refused with " + e.getStatusCode().value() + ": " + e.getResponseBodyAsString(),
                    e);
        } catch (RuntimeException e) {
            throw new CollectorException(0, what + " failed: collector unreachable (" + RootCause.describe(e) + ")", e);
        }
    }

    /** A Retry-After in seconds (the form the collector sends) as ms; 0 for none or another form. */
    static long retryAfterMs(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Math.min(60_000, Long.parseLong(header.trim()) * 1000);
        } catch (NumberFormatException e) {
            return 0; // an HTTP date: not what the collector sends; the backoff decides
        }
    }
}
