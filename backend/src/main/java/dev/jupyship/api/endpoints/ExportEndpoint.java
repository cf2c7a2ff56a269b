package dev.jupyship.api.endpoints;

import dev.jupyship.api.ApiRequest;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.Endpoint;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.NotFound;
import dev.jupyship.export.ExportOptions;
import dev.jupyship.export.PercentExporter;
import dev.jupyship.notebook.Notebook;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code POST /api/export}: a notebook in, its py:percent text out.
 *
 * <p>The notebook is the request body ({@code Content-Type: application/json}), or, with
 * {@code ?path=} and no body, a notebook file in the workspace. With both, the body wins and
 * {@code path} only names it: an editor sends what it has, saved or not. {@code ?header=false}
 * leaves out the YAML header.
 * <pre>curl -s -X POST -H 'Content-Type: application/json' --data-binary @nb.ipynb \
 *     'http://127.0.0.1:8765/api/export?header=false'</pre>
 */
public final class ExportEndpoint implements Endpoint {

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        ExportOptions options = new ExportOptions(request.flag("header", true));
        String path = request.query("path");
        // Confined even when the body is exported, so a bad path is refused the same way everywhere.
        Path file = path == null ? null : request.workspace().resolve(path);
        byte[] body = request.body();
        Notebook notebook;
        if (body.length > 0) {
            notebook = Notebook.parseWithoutOutputs(body, request.query("name", path == null ? "the posted notebook" : path));
        } else if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new NotFound("no notebook at '" + path + "' in the workspace");
            }
            notebook = Notebook.parseWithoutOutputs(request.readFile(file, path), path);
        } else {
            throw new BadInput("send the notebook as the request body, or name a workspace file with ?path=");
        }
        return ApiResponse.text("text/x-python", PercentExporter.export(notebook, options));
    }
}
