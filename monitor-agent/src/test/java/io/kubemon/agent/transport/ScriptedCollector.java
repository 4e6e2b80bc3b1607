package io.kubemon.agent.transport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server on loopback that plays the collector's batch endpoint by a script: each
 * request takes the next scripted answer (an acknowledgement, a refusal with any status and
 * headers, a stall), the last one repeating. It can be stopped, so the port refuses connections,
 * and started again on the same port, as a restarted collector is. Every request is kept.
 */
final class ScriptedCollector implements AutoCloseable {
    /** One answer: what the server does with one request. */
    interface Answer {
        void answer(HttpExchange exchange, JsonNode body) throws IOException;
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LinkedBlockingQueue<Answer> script = new LinkedBlockingQueue<>();
    private volatile Answer last = ack();
    /** Each request's path and JSON body, in arrival order. */
    final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();

    /** Answers by path, ahead of the script: the control plane's calls beside the batches. */
    private final java.util.Map<String, java.util.function.Supplier<Answer>> routes =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final CountDownLatch released = new CountDownLatch(1);
    private HttpServer server;
    private int port;

    /** One request as it arrived; {@code atNanos} by System.nanoTime. */
    record Request(String method, String path, String authorization, JsonNode body, long atNanos) {}

    ScriptedCollector() throws IOException {
        start(0);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Appends answers to the script; the last one given repeats once the script is used up. */
    ScriptedCollector then(Answer... answers) {
        for (Answer a : answers) {
            script.add(a);
        }
        return this;
    }

    /**
     * Answers every request whose path ends with {@code suffix} by what {@code answer} gives at the
     * time (the test may change it), not by the script.
     */
    ScriptedCollector route(String suffix, java.util.function.Supplier<Answer> answer) {
        routes.put(suffix, answer);
        return this;
    }

    /** The requests whose path ends with {@code suffix}. */
    List<Request> requestsTo(String suffix) {
        return requests.stream().filter(r -> r.path().endsWith(suffix)).toList();
    }

    /** 200 with a JSON body. */
    static Answer json(String body) {
        return (ex, b) -> respond(ex, 200, body, null);
    }

    /** Stops listening: connections to the port are refused until {@link #restart}. */
    void stop() {
        server.stop(0);
    }

    /** Listens again on the same port, as a collector that came back. */
    void restart() throws IOException {
        start(port);
    }

    /** The seq of every batch request received, in order (resends included). */
    List<Long> seqs() {
        List<Long> out = new ArrayList<>();
        for (Request r : requests) {
            if (r.path().startsWith(io.kubemon.common.wire.Paths.BATCHES)
                    && r.body() != null
                    && r.body().has("seq")) {
                out.add(r.body().get("seq").asLong());
            }
        }
        return out;
    }

    /** Lets stalled requests go (they answer 200 with an acknowledgement). */
    void release() {
        released.countDown();
    }

    private void start(int on) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), on), 16);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        port = server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] raw = ex.getRequestBody().readAllBytes();
        JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
        requests.add(new Request(
                ex.getRequestMethod(),
                ex.getRequestURI().toString(),
                ex.getRequestHeaders().getFirst("Authorization"),
                body,
                System.nanoTime()));
        for (var route : routes.entrySet()) {
            if (ex.getRequestURI().getPath().endsWith(route.getKey())) {
                try {
                    route.getValue().get().answer(ex, body);
                } finally {
                    ex.close();
                }
                return;
            }
        }
        Answer a = script.poll();
        if (a == null) {
            a = last;
        } else if (script.isEmpty()) {
            last = a;
        }
        try {
            a.answer(ex, body);
        } finally {
            ex.close();
        }
    }

    /** 200 with the acknowledgement of the batch in the request. */
    static Answer ack() {
        return ackWith(b -> "");
    }

    /** 200 with the acknowledgement, plus extra JSON fields (e.g. {@code ,"stopAtMs":5}). */
    static Answer ackWith(Function<JsonNode, String> extra) {
        return (ex, body) -> {
            long seq = body == null ? 0 : body.get("seq").asLong();
            String agent = body == null ? "" : body.get("agentId").asString();
            respond(
                    ex,
                    200,
                    "{\"agentId\":\"" + agent + "\",\"seq\":" + seq + ",\"rows\":0,\"duplicate\":false"
                            + extra.apply(body) + "}",
                    null);
        };
    }

    /** A refusal: the status, the collector's JSON error, and a Retry-After header when given. */
    static Answer refuse(int status, String error, Integer retryAfterSeconds) {
        return (ex, body) -> respond(
                ex, status, "{\"error\":\"" + error + "\",\"message\":\"scripted " + status + "\"}", retryAfterSeconds);
    }

    /** Holds the request until the test releases it (or the client gives up). */
    Answer stall() {
        return (ex, body) -> {
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ack().answer(ex, body);
        };
    }

    private static void respond(HttpExchange ex, int status, String json, Integer retryAfter) {
        try {
            byte[] out = json.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            if (retryAfter != null) {
                ex.getResponseHeaders().add("Retry-After", String.valueOf(retryAfter));
            }
            ex.sendResponseHeaders(status, out.length);
            ex.getResponseBody().write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the client went away (a timeout): nothing to answer
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
