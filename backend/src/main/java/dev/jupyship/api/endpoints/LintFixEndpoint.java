package dev.jupyship.api.endpoints;

import dev.jupyship.api.ApiRequest;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.Endpoint;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Conflict;
import dev.jupyship.errors.NotFound;
import dev.jupyship.lint.LintService;
import dev.jupyship.lint.Linter;
import dev.jupyship.lint.Rule;
import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.JsonStyle;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.notebook.NotebookJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/lint/fix?rule=JS201&path=nb.ipynb}: one rule's safe fix of the notebook in the
 * body (as the editor has it), answered as the cells it changed, for the editor to apply. Nothing is
 * written: the file changes when the person saves, as with any other edit.
 * Answers {@code {fixed: [ids], cells: [{index, id, cell}]}}, {@code cell} being the whole nbformat cell.
 * <pre>curl -s -X POST -H 'Content-Type: application/json' --data-binary @nb.ipynb \
 *     'http://127.0.0.1:8765/api/lint/fix?rule=JS201&path=nb.ipynb'</pre>
 */
public final class LintFixEndpoint implements Endpoint {

    private final LintService service;

    public LintFixEndpoint(LintService service) {
        this.service = service;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        String id = request.requiredQuery("rule");
        Rule rule = service.linter().rules().stream().filter(r -> r.info().id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFound("no jupyship rule '" + id + "'"));
        if (!rule.info().fixable()) {
            throw new BadInput("rule " + id + " has no safe fix; its doc says how to fix it by hand");
        }
        byte[] body = request.body();
        if (body.length == 0) {
            throw new BadInput("send the notebook as the editor has it as the request body");
        }
        String path = request.query("path");
        Path file = path == null ? null : request.workspace().resolve(path);
        String name = path != null ? path : "notebook.ipynb";
        Notebook notebook = Notebook.parse(body, name);
        List<byte[]> before = notebook.cells().stream().map(LintFixEndpoint::bytes).toList();
        List<String> fixed = new Linter(List.of(rule)).fix(notebook, file, name, service.config(file));
        if (notebook.cells().size() != before.size()) {
            throw new Conflict("rule " + id + "'s fix adds or removes cells, which the editor cannot apply; run jupyship lint --fix on the saved file");
        }
        List<FixedCell> changed = new ArrayList<>();
        for (Cell cell : notebook.cells()) {
            if (!Arrays.equals(before.get(cell.index()), bytes(cell))) {
                changed.add(new FixedCell(cell.index(), cell.id(), cell.json()));
            }
        }
        return ApiResponse.json(new FixAnswer(fixed, changed));
    }

    /** The rules whose fixes were applied, and the cells they changed. */
    public record FixAnswer(List<String> fixed, List<FixedCell> cells) {
    }

    /** A changed cell: its absolute index, its id (null before nbformat 4.5) and the whole nbformat cell. */
    public record FixedCell(int index, String id, Map<String, Object> cell) {
    }

    private static byte[] bytes(Cell cell) {
        return NotebookJson.write(cell.json(), JsonStyle.NBFORMAT);
    }
}
