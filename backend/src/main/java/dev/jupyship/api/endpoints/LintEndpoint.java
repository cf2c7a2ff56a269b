package dev.jupyship.api.endpoints;

import dev.jupyship.api.ApiRequest;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.Endpoint;
import dev.jupyship.errors.BadInput;
import dev.jupyship.lint.LintService;
import dev.jupyship.lint.report.JsonReport;
import dev.jupyship.notebook.Notebook;
import java.nio.file.Path;

/**
 * {@code POST /api/lint?path=nb.ipynb}: findings for a notebook as JSON ({@link JsonReport}).
 * The body, when present, is the notebook as the editor has it now (it may be unsaved); the path
 * names it and picks the configuration. Without a body, the saved file is linted.
 * {@code &standard=false} leaves out the standard linter (ruff), for quick checks while typing.
 * <pre>curl -s -X POST -H 'Content-Type: application/json' --data-binary @nb.ipynb \
 *     'http://127.0.0.1:8765/api/lint?path=nb.ipynb'</pre>
 */
public final class LintEndpoint implements Endpoint {

    private final LintService service;

    public LintEndpoint(LintService service) {
        this.service = service;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        String path = request.query("path");
        Path file = path == null ? null : request.workspace().resolve(path);
        byte[] body = request.body();
        if (body.length == 0) {
            if (file == null) {
                throw new BadInput("send the notebook as the request body, or name a workspace file with ?path=");
            }
            body = request.readFile(file, path);
        }
        String name = path != null ? path : request.query("name", "notebook.ipynb");
        Notebook notebook = Notebook.parse(body, name);
        boolean standard = request.flag("standard", true);
        return ApiResponse.json(JsonReport.of(service.lint(notebook, file, name, standard)));
    }
}
