/**
 * jupyship's backend: one jar that is both the sidecar (an HTTP API for the JupyterLab extension)
 * and the command line. The packages form three layers, which {@code architecture.LayersTest}
 * checks: the edges ({@code cli}, {@code server}, {@code api}), the features ({@code lint},
 * {@code contract}, {@code export}, {@code review}, {@code hook}, {@code snippets}, {@code deploy})
 * and the foundation ({@code notebook}, {@code python}, {@code run}, {@code workspace},
 * {@code json}). A package may use packages of its own layer (never in a cycle) and of the layers
 * below, never above. {@code errors} and {@link dev.jupyship.Version}, here, are for every layer.
 * {@code docs/architecture.md} follows a lint and a deploy request through them.
 */
package dev.jupyship;
