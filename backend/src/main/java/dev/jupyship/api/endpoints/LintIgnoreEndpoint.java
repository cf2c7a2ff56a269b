package dev.jupyship.api.endpoints;

import dev.jupyship.api.ApiRequest;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.Endpoint;
import dev.jupyship.lint.LintService;
import dev.jupyship.lint.PyprojectIgnore;
import java.nio.file.Path;

/**
 * {@code POST /api/lint/ignore?rule=F401&path=nb.ipynb}: the rule added to the ignore list of the
 * pyproject.toml whose {@code [tool.jupyship.lint]} table applies to the notebook (a new table in the
 * workspace's pyproject.toml where none does), the file's comments and layout kept. Answers the
 * file (workspace path), whether it was created, and whether the rule was ignored there already.
 * <pre>curl -s -X POST -H 'X-Jupyship-Client: curl' 'http://127.0.0.1:8765/api/lint/ignore?rule=F401&amp;path=nb.ipynb'</pre>
 */
public final class LintIgnoreEndpoint implements Endpoint {

    private final LintService service;

    public LintIgnoreEndpoint(LintService service) {
        this.service = service;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        String rule = request.requiredQuery("rule");
        Path notebook = request.workspace().resolve(request.requiredQuery("path"));
        PyprojectIgnore.Added added = service.ignoreInPyproject(notebook, rule);
        return ApiResponse.json(new Ignored(request.workspace().relative(added.file()), rule, added.created(), added.alreadyIgnored()));
    }

    /** Where the rule is now ignored. */
    public record Ignored(String file, String rule, boolean created, boolean alreadyIgnored) {
    }
}
