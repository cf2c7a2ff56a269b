package dev.jupyship.api;

import dev.jupyship.json.Jsons;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;

/**
 * The one wrapper every route goes through: lets {@link RequestGuard} refuse requests that did not
 * come from this pod's JupyterLab, reads the body without holding a thread ({@link BodyReader}),
 * admits the work to its bounded pool or answers 503 with Retry-After, runs the endpoint, and
 * writes its answer or its error (mapped by {@link ErrorMapper}) as JSON. Health checks, and
 * answers that need no work (OPTIONS, 404, 405), are answered on the IO thread, so they never
 * queue behind work.
 */
public final class EndpointHandler implements HttpHandler {

    /** Where a route's work runs. */
    public enum Lane {
        /** On the connection's IO thread, at once: trivial answers only; no body is read. */
        IO,
        /** Lists, lookups, cancels: quick, on the light pool. */
        LIGHT,
        /** Lint, export, tests, deploys, reviews: CPU, files, git, on the heavy pool. */
        HEAVY
    }

    /** Seconds a client refused for load is told to wait. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final Endpoint endpoint;
    private final ApiContext context;
    private final boolean open;
    private final Lane lane;
    private final ServerWork work;

    /**
     * @param open true for routes anyone on loopback may call without the token (health checks)
     */
    public EndpointHandler(Endpoint endpoint, ApiContext context, boolean open, Lane lane, ServerWork work) {
        this.endpoint = endpoint;
        this.context = context;
        this.open = open;
        this.lane = lane;
        this.work = work;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (lane == Lane.IO) {
            respond(exchange, new byte[0]);
            return;
        }
        try {
            // Before the body: a refused client does not get to send megabytes first.
            RequestGuard.check(exchange, context.token(), open);
        } catch (ApiException refused) {
            sendError(exchange, refused);
            return;
        }
        work.bodies.read(exchange, new BodyReader.Outcome() {
            @Override
            public void body(byte[] bytes) {
                admit(exchange, bytes);
            }

            @Override
            public void refused(ApiException error) {
                sendError(exchange, error);
            }
        });
    }

    private void admit(HttpServerExchange exchange, byte[] body) {
        WorkPool pool = lane == Lane.HEAVY ? work.heavy : work.light;
        if (!pool.tryAdmit()) {
            busy(exchange);
            return;
        }
        exchange.dispatch(pool.executor(), dispatched -> {
            try {
                respond(dispatched, body);
            } finally {
                pool.release();
            }
        });
    }

    private static void busy(HttpServerExchange exchange) {
        sendError(exchange, new ApiException(503, "the sidecar is busy with other requests; try again in a moment"));
    }

    private void respond(HttpServerExchange exchange, byte[] body) {
        ApiResponse response;
        try {
            RequestGuard.check(exchange, context.token(), open);
            response = endpoint.handle(new ApiRequest(exchange, context.workspace(), context.maxBodyBytes(), body));
        } catch (Throwable error) {
            ErrorMapper.Error mapped = ErrorMapper.map(error, context.workspace());
            sendError(exchange, new ApiException(mapped.status(), mapped.message()));
            return;
        }
        if (response.body() instanceof ApiResponse.Feed feed) {
            sendFeed(exchange, response, feed);
            return;
        }
        send(exchange, response);
    }

    private static void sendError(HttpServerExchange exchange, ApiException error) {
        // An unread body would be parsed as the next request on a kept-alive connection.
        exchange.setPersistent(false);
        if (error.status() == 503) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        send(exchange, ApiResponse.json(error.status(), new ErrorBody(error.getMessage(), error.status())));
    }

    /** Every error's body (the description's {@code Error}): the message a person can act on, and the status again. */
    public record ErrorBody(String error, int status) {
    }

    static void send(HttpServerExchange exchange, ApiResponse response) {
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
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
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

    /** Chunked, a piece at a time as the feed grows, by {@link FeedStreams}; none of this request's threads waits for it. */
    private void sendFeed(HttpServerExchange exchange, ApiResponse response, ApiResponse.Feed feed) {
        if (Methods.HEAD.equals(exchange.getRequestMethod())) {
            exchange.setStatusCode(response.status());
            headers(exchange, response);
            exchange.endExchange();
            return;
        }
        if (!work.feeds.start(exchange, feed)) {
            sendError(exchange, new ApiException(503, "too many logs are being followed at once; poll with ?offset= instead, or try again later"));
            return;
        }
        exchange.setStatusCode(response.status());
        headers(exchange, response);
    }
}
