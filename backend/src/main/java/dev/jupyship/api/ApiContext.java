package dev.jupyship.api;

import dev.jupyship.deploy.DeployerSlot;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.snippets.SnippetCatalog;
import dev.jupyship.workspace.Workspace;

/**
 * What every endpoint shares: the workspace it is confined to, the request size limit, the token
 * requests must carry (null for a laptop set-up without one), the snippet catalog, and the Python
 * environment that runs notebooks (papermill, the kernel's packages), the deployer (null: deploy routes answer 503),
 * and the launcher's command lines ({@link CommandLineHandoff}, null outside {@code jupyship serve}).
 */
public record ApiContext(Workspace workspace, long maxBodyBytes, String token, SnippetCatalog snippets, PythonEnvironment python,
                         DeployerSlot deployer, CommandLineHandoff commandLines) {

    public ApiContext(Workspace workspace, long maxBodyBytes, String token, SnippetCatalog snippets, PythonEnvironment python) {
        this(workspace, maxBodyBytes, token, snippets, python, null, null);
    }

    public ApiContext withDeployer(DeployerSlot runs) {
        return new ApiContext(workspace, maxBodyBytes, token, snippets, python, runs, commandLines);
    }

    /** The launcher's command lines run here (null: {@code POST /api/cli} answers 403). */
    public ApiContext withCommandLines(CommandLineHandoff handoff) {
        return new ApiContext(workspace, maxBodyBytes, token, snippets, python, deployer, handoff);
    }


    /** No snippets, and the Python environment found the default way ({@link PythonEnvironment#detect()}). */
    public ApiContext(Workspace workspace, long maxBodyBytes, String token) {
        this(workspace, maxBodyBytes, token, SnippetCatalog.empty(), PythonEnvironment.detect());
    }
}
