package io.kubemon.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection that POSTs a body and reads the status, as wrk or h2load do.
 * The load driver shares the collector's two cores; the JDK HttpClient (selector thread, hand-offs
 * between threads, a publisher per body) took 0.39 of a core at 200 000 rows/s, CPU then missing
 * from the collector under test. This keeps the driver's own cost to a write and a read per batch.
 * Not a general client: loopback only, no TLS, no redirects, responses with Content-Length or chunked.
 */
final class KeepAliveClient implements AutoCloseable {
    private final InetSocketAddress address;
    private final String host;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    KeepAliveClient(URI base) {
        this.address = new InetSocketAddress(base.getHost(), base.getPort());
        this.host = base.getHost() + ":" + base.getPort();
    }

    /** POSTs the body and returns the status; the response body is read and dropped. */
    int post(String path, byte[] body) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, 5_000);
            socket.setSoTimeout(60_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try {
            out.write(head);
            out.write(body);
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private int readResponse() throws IOException {
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closing = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                closing = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].trim(), 16);
                    size > 0;
                    size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                skip(size);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length > 0) {
            skip(length);
        }
        if (closing) {
            close();
        }
        return code;
    }

    private void skip(long n) throws IOException {
        in.skipNBytes(n);
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed by the collector");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing a loopback socket that is already broken
        } finally {
            socket = null;
        }
    }
}
