package dev.jupyship.server;

import dev.jupyship.api.ApiRequest;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/openapi.json}: the API's OpenAPI 3.1 description, kept in the repository beside
 * the routes ({@code dev/jupyship/api/openapi.json}), read once and answered as it is. The lab
 * extension's types are generated from it, and the test command fuzzes the sidecar against it.
 * <pre>curl -s http://127.0.0.1:8765/api/openapi.json</pre>
 */
final class OpenApiEndpoint implements Endpoint {

    static final String ROUTE = "/api/openapi.json";
    static final String RESOURCE = "/dev/jupyship/api/openapi.json";

    private final String description = read();

    static String read() {
        try (InputStream in = OpenApiEndpoint.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        return new ApiResponse(200, "application/json", description);
    }
}
