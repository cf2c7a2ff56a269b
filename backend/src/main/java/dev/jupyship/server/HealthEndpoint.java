package dev.jupyship.server;

import dev.jupyship.Version;
import dev.jupyship.api.ApiRequest;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.Endpoint;
import java.util.Map;

/** {@code GET /api/health}: the sidecar is up; for jupyter-server-proxy, probes and the lab extension. */
final class HealthEndpoint implements Endpoint {

    @Override
    public ApiResponse handle(ApiRequest request) {
        return ApiResponse.json(Map.of("status", "ok", "version", Version.current()));
    }
}
