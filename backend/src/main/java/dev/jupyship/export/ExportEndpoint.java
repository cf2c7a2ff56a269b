package dev.jupyship.export;

import dev.jupyship.api.ApiException;
import dev.jupyship.api.ApiRequest;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.Endpoint;
import dev.jupyship.notebook.Notebook;

/**
 * {@code POST /api/export}: a notebook in, its py:percent text out.
 *
 * <p>The notebook is the request body ({@code Content-Type: application/json}), or, with
 * {@code ?path=}, a notebook file in the workspace. {@code ?header=false} leaves out the YAML header.
 * <pre>curl -s -X POST -H 'Content-Type: application/json' --data-binary @nb.ipynb \
 *     'http://127.0.0.1:8765/api/export?header=false'</pre>
 */
public final class ExportEndpoint implements Endpoint {

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        ExportOptions options = new ExportOptions(request.flag("header", true));
        String path = request.query("path");
        Notebook notebook;
        if (path != null) {
            notebook = Notebook.parse(request.readFile(request.workspace().resolve(path), path), path);
        } else {
            byte[] body = request.body();
            if (body.length == 0) {
                throw new ApiException(400, "send the notebook as the request body, or name a workspace file with ?path=");
            }
            notebook = Notebook.parse(body, request.query("name", "the posted notebook"));
        }
        return ApiResponse.text("text/x-python", PercentExporter.export(notebook, options));
    }
}
