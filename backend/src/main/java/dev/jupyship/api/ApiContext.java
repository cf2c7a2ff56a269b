package dev.jupyship.api;

import dev.jupyship.snippets.SnippetCatalog;
import dev.jupyship.workspace.Workspace;

/**
 * What every endpoint shares: the workspace it is confined to, the request size limit, the
 * token requests must carry (null for a laptop set-up without one), and the snippet catalog.
 */
public record ApiContext(Workspace workspace, long maxBodyBytes, String token, SnippetCatalog snippets) {

    public ApiContext(Workspace workspace, long maxBodyBytes, String token) {
        this(workspace, maxBodyBytes, token, SnippetCatalog.empty());
    }
}
