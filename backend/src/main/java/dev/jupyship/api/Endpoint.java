package dev.jupyship.api;

/**
 * One API route's work, free of HTTP plumbing: {@link EndpointHandler} runs it on a worker thread,
 * reads the body within limits, and turns its result or exception into a response.
 */
@FunctionalInterface
public interface Endpoint {

    ApiResponse handle(ApiRequest request) throws Exception;
}
