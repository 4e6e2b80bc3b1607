package io.kubemon.agent.container;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The five Docker Engine API calls the agent makes (ping, version, list, inspect, events), as
 * HTTP/1.1 over the engine's Unix socket (or plain TCP), answers read with the agent's Jackson.
 *
 * <p>Why not docker-java: it brought Jackson 2, Guava, commons and its model, ~1 500 classes and
 * ~20 MiB of the agent's resident memory, loaded on every node for five GET requests; the agent
 * needs a few fields of each answer, read here from the JSON tree.
 */
final class DockerEngine {
    /** Engine API version asked for: 1.24 (Docker 1.12) has every field read here. */
    private static final String API = "/v1.24";

    private final String host;
    private final JsonMapper json;

    /** @param host {@code unix:///path/to/docker.sock} or {@code tcp://host:port} */
    DockerEngine(String host, JsonMapper json) {
        this.host = host;
        this.json = json;
        address(); // a host that is neither is refused at once, with the reason
    }

    /** The socket's path for a unix:// host, null otherwise. */
    Path socketPath() {
        return host.startsWith("unix://") ? Path.of(URI.create(host).getPath()) : null;
    }

    /** GET {@code path} (after the API version), its JSON answer; a status other than 200 is an error naming it. */
    JsonNode get(String path) throws IOException {
        try (SocketChannel channel = open();
                Response r = request(channel, path)) {
            return json.readTree(r.body);
        }
    }

    /** {@code GET /_ping}: whether the engine answers. */
    void ping() throws IOException {
        try (SocketChannel channel = open();
                Response r = request(channel, "/_ping")) {
            r.body.readAllBytes();
        }
    }

    /**
     * Follows the engine's container events (start, die, destroy) until the stream ends or
     * {@code close()} is called on the returned handle; each event is handed to {@code onEvent}
     * on the calling thread. Returns normally when the engine ends the stream.
     */
    Events events() throws IOException {
        String filters = URLEncoder.encode(
                "{\"type\":[\"container\"],\"event\":[\"start\",\"die\",\"destroy\"]}", StandardCharsets.UTF_8);
        SocketChannel channel = open();
        try {
            return new Events(channel, request(channel, "/events?filters=" + filters));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** An open event stream. */
    final class Events implements Closeable {
        private final SocketChannel channel;
        private final Response response;

        private Events(SocketChannel channel, Response response) {
            this.channel = channel;
            this.response = response;
        }

        /** Reads events until the stream ends (returns) or fails or is closed (throws). */
        void forEach(Consumer<JsonNode> onEvent) throws IOException {
            try (MappingIterator<JsonNode> it = json.readerFor(JsonNode.class).readValues(response.body)) {
                while (it.hasNextValue()) {
                    onEvent.accept(it.nextValue());
                }
            } catch (tools.jackson.core.JacksonException e) {
                if (!channel.isOpen()) {
                    throw new IOException("event stream closed", e);
                }
                throw new IOException("event stream unreadable: " + e.getOriginalMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close(); // unblocks a reader in forEach
        }
    }

    private Object address() {
        if (host.startsWith("unix://")) {
            return UnixDomainSocketAddress.of(socketPath());
        }
        if (host.startsWith("tcp://")) {
            URI uri = URI.create(host);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException(
                        "Docker host " + host + " needs a host and a port (tcp://host:2375)");
            }
            return new InetSocketAddress(uri.getHost(), uri.getPort());
        }
        throw new IllegalArgumentException("Docker host " + host + " is neither unix:///path/to/docker.sock nor "
                + "tcp://host:port (TLS to the engine is not supported: mount its socket)");
    }

    private SocketChannel open() throws IOException {
        Object address = address();
        SocketChannel channel = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open();
        try {
            channel.connect((java.net.SocketAddress) address);
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot connect to " + host + ": " + e.getMessage(), e);
        }
        return channel;
    }

    private Response request(SocketChannel channel, String path) throws IOException {
        OutputStream out = Channels.newOutputStream(channel);
        out.write(("GET " + API + path + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: kubemon-agent\r\n"
                        + "Accept: application/json\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return Response.read(Channels.newInputStream(channel), path);
    }

    /** A response's status checked and its body, de-chunked when it is sent in chunks. */
    static final class Response implements Closeable {
        final InputStream body;

        private Response(InputStream body) {
            this.body = body;
        }

        static Response read(InputStream raw, String path) throws IOException {
            InputStream in = new java.io.BufferedInputStream(raw, 8192);
            String status = line(in);
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("GET " + path + ": not an HTTP answer: " + status);
            }
            boolean chunked = false;
            long length = -1;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                if (name.equals("transfer-encoding")
                        && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                } else if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                }
            }
            InputStream body = chunked ? new Chunked(in) : length >= 0 ? new Bounded(in, length) : in;
            if (!parts[1].equals("200")) {
                byte[] text = body.readNBytes(2048);
                throw new IOException(
                        "GET " + path + ": " + parts[1] + " " + new String(text, StandardCharsets.UTF_8).trim());
            }
            return new Response(body);
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /** One CRLF-ended line of the head (ASCII); EOF before it is an error. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the Docker engine closed the connection mid-answer");
            }
            if (c != '\r') {
                b.write(c);
            }
            if (b.size() > 65536) {
                throw new IOException("an HTTP head line over 64 KiB from the Docker engine");
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    /** A body of a known length. */
    static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int c = in.read();
            if (c >= 0) {
                left--;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int r = in.read(b, off, (int) Math.min(len, left));
            if (r > 0) {
                left -= r;
            }
            return r;
        }
    }

    /** HTTP/1.1 chunked transfer coding, decoded; the event stream comes this way. */
    static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean end;

        Chunked(InputStream in) {
            this.in = in;
        }

        /** Moves to the next chunk when this one is read; false at the last (empty) chunk. */
        private boolean more() throws IOException {
            if (end) {
                return false;
            }
            if (left == 0) {
                String size = line(in);
                int semicolon = size.indexOf(';'); // chunk extensions, ignored
                left = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (left == 0) {
                    end = true;
                    return false;
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!more()) {
                return -1;
            }
            int r = in.read(b, off, (int) Math.min(len, left));
            if (r < 0) {
                throw new EOFException("the Docker engine closed the connection mid-chunk");
            }
            left -= r;
            if (left == 0) {
                line(in); // the CRLF after the chunk's data
            }
            return r;
        }
    }
}
