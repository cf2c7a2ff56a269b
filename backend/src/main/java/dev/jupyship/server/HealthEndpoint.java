package dev.jupyship.server;

import dev.jupyship.Version;
import dev.jupyship.api.ApiRequest;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.Endpoint;

/** {@code GET /api/health}: the sidecar is up; for jupyter-server-proxy, probes and the lab extension. */
final class HealthEndpoint implements Endpoint {

    @Override
    public ApiResponse handle(ApiRequest request) {
        return ApiResponse.json(new Health("ok", Version.current()));
    }

    record Health(String status, String version) {
    }
}
