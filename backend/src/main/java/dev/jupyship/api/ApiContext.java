package dev.jupyship.api;

import dev.jupyship.workspace.Workspace;

/**
 * What every endpoint shares: the workspace it is confined to, the request size limit, and the
 * token requests must carry (null for a laptop set-up without one).
 */
public record ApiContext(Workspace workspace, long maxBodyBytes, String token) {
}
