package dev.jupyship.api.endpoints;

import dev.jupyship.api.ApiContext;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.Endpoint;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Unavailable;
import dev.jupyship.serving.ModelComparison;
import dev.jupyship.workspace.PathNames;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code POST /api/compare}: two runs' models on the same rows, each loaded in a fresh process.
 * <pre>
 * curl -s -X POST -H 'Content-Type: application/json' \
 *     -d '{"runs": ["20261207T030000Z-ab12cd", "20261208T030000Z-cd34ef"], "input": "data/holdout.csv", "label": "churned"}' \
 *     localhost:8765/api/compare
 *     → {"runs": [...], "rows": 200, "label": "churned", "predictions": [[0.91, 0.52], ...], "summary": {"agreement": 0.87, ...}}
 * </pre>
 */
public final class CompareEndpoint implements Endpoint {

    /**
     * The body: the two runs; the rows, from a CSV or JSON file of the workspace ({@code input}) or
     * inline ({@code rows}); the label column, if any; the tolerance for numeric agreement.
     */
    public record CompareRequest(List<String> runs, String input, List<Object> rows, String label, Double tolerance) {
    }

    private final ApiContext context;

    public CompareEndpoint(ApiContext context) {
        this.context = context;
    }

    @Override
    public ApiResponse handle(dev.jupyship.api.ApiRequest request) throws Exception {
        CompareRequest body = request.body(CompareRequest.class);
        if (body.runs() == null || body.runs().size() != 2) {
            throw new BadInput("'runs' must name two runs to compare");
        }
        if (context.deployer() == null) {
            throw new Unavailable("deploy is not set up in this sidecar");
        }
        Deployer deployer = context.deployer().get();
        Path input = body.input() == null ? null : context.workspace().resolve(body.input());
        if (input != null && !java.nio.file.Files.isRegularFile(input)) {
            throw new BadInput("'" + PathNames.printable(body.input()) + "' is not a file in the workspace: give a CSV or JSON file of rows");
        }
        ModelComparison comparison = new ModelComparison(deployer.store(), deployer.project(), deployer::find, context.python());
        return ApiResponse.json(comparison.compare(new ModelComparison.Request(body.runs().get(0), body.runs().get(1), input, body.rows(),
                body.label(), body.tolerance())));
    }
}
