package dev.jupyship.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Clients that misbehave, on raw sockets: they send part of a request and stop, or ask for a
 * followed log and never read it. Closing them is what a killed client does to its connections.
 */
final class SlowClients implements AutoCloseable {

    private final int port;
    private final List<Socket> sockets = new ArrayList<>();

    SlowClients(int port) {
        this.port = port;
    }

    /** Connections that send the start of a request's headers, and nothing more. */
    List<Socket> headers(int count) throws IOException {
        return open(count, "POST /api/lint HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: appl");
    }

    /** Connections that send whole headers announcing a body, then one byte of it. */
    List<Socket> bodies(int count) throws IOException {
        return open(count, "POST /api/lint?standard=false HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100000\r\n\r\n{");
    }

    /** Connections that ask for a log as it grows, and read none of it. */
    List<Socket> follows(int count, String runId) throws IOException {
        return open(count, "GET /api/runs/" + runId + "/log?follow=true HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    }

    /** Connections that connect and send nothing. */
    List<Socket> silent(int count) throws IOException {
        return open(count, "");
    }

    private List<Socket> open(int count, String sent) throws IOException {
        List<Socket> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket("127.0.0.1", port);
            OutputStream out = socket.getOutputStream();
            out.write(sent.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            opened.add(socket);
        }
        sockets.addAll(opened);
        return opened;
    }

    /**
     * Everything the server sends on a connection until it closes it, waiting at most
     * {@code patienceMillis} for each read; null when the connection is still open after that.
     */
    static String readToEnd(Socket socket, int patienceMillis) throws IOException {
        socket.setSoTimeout(patienceMillis);
        InputStream in = socket.getInputStream();
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                text.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            }
        } catch (SocketTimeoutException stillOpen) {
            return null;
        } catch (IOException reset) {
            // closed under us: what came before is the answer
        }
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
