/**
 * The HTTP plumbing every route shares, so an endpoint is only its work: {@link dev.jupyship.api.Endpoint}
 * and its request and response ({@link dev.jupyship.api.ApiRequest}, {@link dev.jupyship.api.ApiResponse}),
 * the one wrapper that guards, reads bodies, dispatches to a worker pool and maps errors
 * ({@link dev.jupyship.api.EndpointHandler}, {@link dev.jupyship.api.ErrorMapper}), and the bounds on
 * work ({@link dev.jupyship.api.ServerWork}, {@link dev.jupyship.api.ServerLimits}). The routes of each
 * feature are in {@code endpoints/}. An edge: it may use the features and the foundation; only it
 * and {@code server} know HTTP status codes.
 */
package dev.jupyship.api;
