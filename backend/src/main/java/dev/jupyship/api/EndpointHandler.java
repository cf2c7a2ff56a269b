package dev.jupyship.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The one wrapper every route goes through: moves the work off Undertow's IO thread, lets
 * {@link RequestGuard} refuse requests that did not come from this pod's JupyterLab, runs the
 * endpoint, and writes its answer or its error (mapped by {@link ErrorMapper}) as JSON.
 */
public final class EndpointHandler implements HttpHandler {

    private final Endpoint endpoint;
    private final ApiContext context;
    private final boolean open;

    /**
     * @param open true for routes anyone on loopback may call without the token (health checks)
     */
    public EndpointHandler(Endpoint endpoint, ApiContext context, boolean open) {
        this.endpoint = endpoint;
        this.context = context;
        this.open = open;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        ApiResponse response;
        try {
            RequestGuard.check(exchange, context.token(), open);
            response = endpoint.handle(new ApiRequest(exchange, context.workspace(), context.maxBodyBytes()));
        } catch (Throwable error) {
            ErrorMapper.Error mapped = ErrorMapper.map(error, context.workspace());
            response = ApiResponse.json(mapped.status(), Map.of("error", mapped.message(), "status", mapped.status()));
            // An unread body would be parsed as the next request on a kept-alive connection.
            exchange.setPersistent(false);
        }
        send(exchange, response);
    }

    static void send(HttpServerExchange exchange, ApiResponse response) {
        if (response.body() instanceof ApiResponse.Stream stream) {
            sendStream(exchange, response, stream);
            return;
        }
        byte[] bytes;
        if (response.body() instanceof String text) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                bytes = Jsons.MAPPER.writeValueAsBytes(response.body());
            } catch (Exception e) {
                bytes = "{\"error\":\"the answer could not be written as JSON\",\"status\":500}".getBytes(StandardCharsets.UTF_8);
                exchange.setStatusCode(500);
            }
        }
        if (exchange.getStatusCode() != 500) {
            exchange.setStatusCode(response.status());
        }
        headers(exchange, response);
        if (Methods.HEAD.equals(exchange.getRequestMethod())) {
            exchange.endExchange();
            return;
        }
        exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(bytes));
    }

    private static void headers(HttpServerExchange exchange, ApiResponse response) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, response.contentType());
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
    }

    /** Chunked, flushed as the endpoint writes; a client that goes away ends it (the write fails). */
    private static void sendStream(HttpServerExchange exchange, ApiResponse response, ApiResponse.Stream stream) {
        exchange.setStatusCode(response.status());
        headers(exchange, response);
        if (Methods.HEAD.equals(exchange.getRequestMethod())) {
            exchange.endExchange();
            return;
        }
        exchange.startBlocking();
        try (java.io.OutputStream out = exchange.getOutputStream()) {
            stream.writeTo(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException goneOrFailed) {
            // the client left, or the source failed after the status was sent: nothing more can be said
            exchange.setPersistent(false);
        }
        exchange.endExchange();
    }
}
