package dev.jupyship.api;

import dev.jupyship.workspace.Workspace;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Deque;

/** A request as endpoints see it: query parameters, a size-limited body, and the workspace. */
public final class ApiRequest {

    private final HttpServerExchange exchange;
    private final Workspace workspace;
    private final long maxBodyBytes;

    ApiRequest(HttpServerExchange exchange, Workspace workspace, long maxBodyBytes) {
        this.exchange = exchange;
        this.workspace = workspace;
        this.maxBodyBytes = maxBodyBytes;
    }

    public Workspace workspace() {
        return workspace;
    }

    /** A query (or path template) parameter, or null. */
    public String query(String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    public String query(String name, String fallback) {
        String value = query(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    public String requiredQuery(String name) {
        String value = query(name);
        if (value == null || value.isBlank()) {
            throw new ApiException(400, "missing query parameter '" + name + "'");
        }
        return value;
    }

    /** A boolean query parameter: true, false, 1, 0, yes or no. */
    public boolean flag(String name, boolean fallback) {
        String value = query(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new ApiException(400, "query parameter '" + name + "' must be true or false, not '" + value + "'");
        };
    }

    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** Past the limit, read and drop up to this much more so the client gets a clean 413, not a reset. */
    public static final long DRAIN_LIMIT_BYTES = 256L * 1024 * 1024;

    /** The whole request body; 413 as soon as it passes the size limit, whatever Content-Length said. */
    public byte[] body() throws IOException {
        long declared = exchange.getRequestContentLength();
        if (!exchange.isBlocking()) {
            exchange.startBlocking();
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = exchange.getInputStream()) {
            if (declared > maxBodyBytes) {
                throw tooLarge(in, buffer, 0);
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
            int read;
            while ((read = in.read(buffer)) > 0) {
                if (body.size() + (long) read > maxBodyBytes) {
                    throw tooLarge(in, buffer, body.size() + (long) read);
                }
                body.write(buffer, 0, read);
            }
            return body.toByteArray();
        }
    }

    public String contentType() {
        String value = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        return value == null ? "" : value;
    }

    private ApiException tooLarge(InputStream in, byte[] buffer, long alreadyRead) throws IOException {
        long drained = alreadyRead;
        int read;
        while (drained < DRAIN_LIMIT_BYTES && (read = in.read(buffer)) > 0) {
            drained += read;
        }
        return new ApiException(413, String.format("the request body is larger than the sidecar's limit of %d MB",
                maxBodyBytes / (1024 * 1024)));
    }
}
