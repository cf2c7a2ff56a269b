package dev.jupyship.api;

import dev.jupyship.workspace.Workspace;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Deque;

/** A request as endpoints see it: query parameters, a size-limited body, and the workspace. */
public final class ApiRequest {

    private final HttpServerExchange exchange;
    private final Workspace workspace;
    private final long maxBodyBytes;
    private final byte[] body;

    ApiRequest(HttpServerExchange exchange, Workspace workspace, long maxBodyBytes, byte[] body) {
        this.exchange = exchange;
        this.workspace = workspace;
        this.maxBodyBytes = maxBodyBytes;
        this.body = body;
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

    /** The whole request body, read before the endpoint runs ({@link BodyReader}); never over the size limit. */
    public byte[] body() throws IOException {
        return body;
    }

    /**
     * The JSON body as the route's request record ({@link JsonBody}): 400 naming the field and what
     * was wrong with it when the body does not fit.
     */
    public <R extends Record> R body(Class<R> type) {
        return JsonBody.read(body, type);
    }

    /**
     * A workspace file's bytes (the file already resolved by {@link Workspace#resolve}), under the
     * same size limit as bodies: 413 naming the file, 404 when it is not a file.
     */
    public byte[] readFile(Path file, String path) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ApiException(404, "no notebook at '" + path + "' in the workspace");
        }
        checkFileSize(file, path);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                checkFileSize(file, path);  // it grew meanwhile
            }
            return bytes;
        }
    }

    /**
     * 413 when a workspace file is larger than the size limit for bodies: a file named by path costs
     * the sidecar as much memory as one sent. A missing file passes (the endpoint says so its way).
     */
    public void checkFileSize(Path file, String path) throws IOException {
        long size = Files.isRegularFile(file) ? Files.size(file) : 0;
        if (size > maxBodyBytes) {
            throw new ApiException(413, String.format("'%s' is %d MB, larger than the sidecar's limit of %d MB", path,
                    size / (1024 * 1024), maxBodyBytes / (1024 * 1024)));
        }
    }

    public String contentType() {
        String value = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        return value == null ? "" : value;
    }
}
