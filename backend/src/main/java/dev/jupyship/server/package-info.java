/**
 * The sidecar itself: the route table ({@link dev.jupyship.server.Routes}, which the tests build
 * too), the Undertow server on loopback ({@link dev.jupyship.server.SidecarServer}), health and the
 * OpenAPI description. An edge: it puts the features' endpoints ({@code api.endpoints}) behind one
 * wrapper and knows HTTP.
 */
package dev.jupyship.server;
