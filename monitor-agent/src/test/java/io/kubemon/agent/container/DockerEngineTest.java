package io.kubemon.agent.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Docker Engine client's HTTP reading on bytes, and its event stream against a server on a
 * Unix socket made here, which sends events in chunks split mid-object, as a real engine's writes
 * may fall. The client against the real engine: DockerContainersTest.
 */
class DockerEngineTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aChunkedBodyIsDecodedWhateverTheChunkBoundaries() throws Exception {
        DockerEngine.Response r = DockerEngine.Response.read(
                bytes(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"Ver\r\n0b;ext=1\r\nsion\":\"24.0\r\n2\r\n\"}\r\n0\r\n\r\n"),
                "/version");
        assertThat(JSON.readTree(r.body).path("Version").asString()).isEqualTo("24.0");
    }

    @Test
    void aBodyOfKnownLengthEndsThereAndAnErrorStatusIsNamedWithTheEnginesMessage() throws Exception {
        DockerEngine.Response r =
                DockerEngine.Response.read(bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]trailing"), "/x");
        assertThat(r.body.readAllBytes()).asString().isEqualTo("[]");
        assertThatThrownBy(() -> DockerEngine.Response.read(
                        bytes("HTTP/1.1 404 Not Found\r\nContent-Length: 40\r\n\r\n"
                                + "{\"message\":\"No such container: abc\"}\r\n"),
                        "/containers/abc/json"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("404")
                .hasMessageContaining("No such container: abc");
        assertThatThrownBy(() -> DockerEngine.Response.read(bytes("HTTP/1.1 200 OK\r\nContent-Le"), "/x"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("closed the connection");
        assertThatThrownBy(() -> DockerEngine.Response.read(bytes("SSH-2.0-OpenSSH\r\n\r\n"), "/x"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not an HTTP answer");
    }

    @Test
    void aHostThatIsNeitherUnixNorTcpIsRefusedWithTheForms() {
        assertThatThrownBy(() -> new DockerEngine("npipe:////./pipe/docker_engine", JSON))
                .hasMessageContaining("unix:///path/to/docker.sock")
                .hasMessageContaining("tcp://host:port");
        assertThatThrownBy(() -> new DockerEngine("tcp://only-a-host", JSON))
                .hasMessageContaining("needs a host and a port");
    }

    @Test
    void eventsArriveOneByOneAsTheirChunksComeAndCloseEndsTheStream(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("docker.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CountDownLatch firstSeen = new CountDownLatch(1);
            StringBuilder request = new StringBuilder();
            Thread engine = new Thread(() -> {
                try (SocketChannel c = server.accept()) {
                    ByteBuffer in = ByteBuffer.allocate(4096);
                    while (!request.toString().contains("\r\n\r\n")) {
                        in.clear();
                        c.read(in);
                        request.append(new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII));
                    }
                    send(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
                    String first = "{\"status\":\"start\",\"id\":\"aaa\",\"Action\":\"start\"}\n";
                    send(c, chunk(first.substring(0, 20)));
                    send(c, chunk(first.substring(20)));
                    // The second event is sent only once the first has been handed over: no look-ahead.
                    firstSeen.await(10, TimeUnit.SECONDS);
                    send(c, chunk("{\"Action\":\"die\",\"Actor\":{\"ID\":\"bbb\"}}\n"));
                    Thread.sleep(60_000); // the stream stays open, as the engine's does
                } catch (Exception e) {
                    // closed by the client
                }
            });
            engine.setDaemon(true);
            engine.start();

            DockerEngine client = new DockerEngine("unix://" + socket, JSON);
            DockerEngine.Events events = client.events();
            List<JsonNode> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread closer = new Thread(() -> {
                try {
                    while (seen.size() < 2) {
                        Thread.sleep(20);
                    }
                    events.close();
                } catch (Exception e) {
                    // ignored
                }
            });
            closer.start();
            assertThatThrownBy(() -> events.forEach(e -> {
                        synchronized (seen) {
                            seen.add(e);
                        }
                        firstSeen.countDown();
                    }))
                    .isInstanceOf(IOException.class);
            assertThat(seen).extracting(e -> e.path("Action").asString()).containsExactly("start", "die");
            assertThat(request.toString())
                    .startsWith("GET /v1.24/events?filters=")
                    .contains("Connection: close");
        }
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n";
    }

    private static void send(SocketChannel c, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            c.write(b);
        }
    }
}
