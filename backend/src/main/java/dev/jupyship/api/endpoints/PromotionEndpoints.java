package dev.jupyship.api.endpoints;

import dev.jupyship.api.ApiContext;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.Endpoint;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Unavailable;
import dev.jupyship.promotion.Champions;

/**
 * The champion routes: a notebook's champion with its recent decisions, and a champion moved by hand.
 * <pre>
 * curl -s 'localhost:8765/api/champion?notebook=train.ipynb&amp;model=model'
 *     → {"notebook": "train.ipynb", "model": "model", "champion": {"run": "20261128T023000Z-ab12cd", ...}, "decisions": [...]}
 * curl -s -X POST -H 'Content-Type: application/json' -d '{"run": "20261128T023000Z-ab12cd"}' localhost:8765/api/promote
 * curl -s -X POST -H 'Content-Type: application/json' -d '{"notebook": "train.ipynb", "to": null}' localhost:8765/api/rollback
 * </pre>
 */
public final class PromotionEndpoints {

    private final ApiContext context;

    public PromotionEndpoints(ApiContext context) {
        this.context = context;
    }

    /** {@code POST /api/promote}'s body. */
    public record PromoteRequest(String run) {
    }

    /** {@code POST /api/rollback}'s body: {@code model} null for {@code model}, {@code to} null for the champion the current one replaced. */
    public record RollbackRequest(String notebook, String model, String to) {
    }

    private Champions champions() {
        if (context.deployer() == null) {
            throw new Unavailable("deploy is not set up in this sidecar");
        }
        return Champions.of(context.deployer().get());
    }

    /** {@code GET /api/champion?notebook=&model=}: 404 when no run of the notebook was ever decided on. */
    public Endpoint show() {
        return request -> ApiResponse.json(champions().show(request.requiredQuery("notebook"), request.query("model")));
    }

    /** {@code POST /api/promote}: the history's new entry (a manual promotion). */
    public Endpoint promote() {
        return request -> {
            PromoteRequest body = request.body(PromoteRequest.class);
            if (body.run() == null || body.run().isBlank()) {
                throw new BadInput("missing 'run': the id of the succeeded run to promote");
            }
            return ApiResponse.json(champions().promote(body.run()));
        };
    }

    /** {@code POST /api/rollback}: the history's new entry (a rollback). */
    public Endpoint rollback() {
        return request -> {
            RollbackRequest body = request.body(RollbackRequest.class);
            if (body.notebook() == null || body.notebook().isBlank()) {
                throw new BadInput("missing 'notebook': the notebook whose champion to roll back");
            }
            return ApiResponse.json(champions().rollback(body.notebook(), body.model(), body.to()));
        };
    }
}
