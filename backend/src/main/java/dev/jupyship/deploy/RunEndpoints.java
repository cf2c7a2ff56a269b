package dev.jupyship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.api.ApiContext;
import dev.jupyship.api.ApiException;
import dev.jupyship.api.ApiRequest;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.Endpoint;
import dev.jupyship.api.Jsons;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deploy routes.
 * <pre>
 * curl -s -X POST -H 'Content-Type: application/json' -d '{"path": "train.ipynb", "parameters": {"seed": 1}}' localhost:8765/api/deploy
 *     → 202 {"id": "20261128T023000Z-ab12cd", "status": "queued", ...}
 * curl -s 'localhost:8765/api/runs?notebook=train.ipynb&amp;status=succeeded'
 * curl -s localhost:8765/api/runs/20261128T023000Z-ab12cd
 * curl -s localhost:8765/api/runs/20261128T023000Z-ab12cd/log
 * curl -s 'localhost:8765/api/runs/metrics?notebook=train.ipynb'
 * curl -s -X DELETE -H 'X-XSRFToken: x' localhost:8765/api/runs/20261128T023000Z-ab12cd
 * curl -s -X POST -H 'X-XSRFToken: x' localhost:8765/api/runs/20261128T023000Z-ab12cd/rerun
 * </pre>
 */
public final class RunEndpoints {

    private final ApiContext context;

    public RunEndpoints(ApiContext context) {
        this.context = context;
    }

    private Deployer deployer() {
        Deployer deployer = context.deployer();
        if (deployer == null) {
            throw new ApiException(503, "deploy is not set up in this sidecar");
        }
        return deployer;
    }

    /** {@code POST /api/deploy}: 202 with the run; 422 with the findings when the lint gate refuses. */
    public Endpoint deploy() {
        return request -> {
            JsonNode body = body(request);
            Map<String, Object> parameters = new LinkedHashMap<>();
            JsonNode given = body.get("parameters");
            if (given != null && !given.isNull()) {
                if (!given.isObject()) {
                    throw new ApiException(400, "'parameters' must be an object of name: value");
                }
                given.fields().forEachRemaining(e -> parameters.put(e.getKey(), Jsons.MAPPER.convertValue(e.getValue(), Object.class)));
            }
            DeployRequest deploy = new DeployRequest(text(body, "path"), text(body, "ref"), parameters, text(body, "target"),
                    body.path("force").asBoolean(false), text(body, "idempotencyKey"));
            try {
                return ApiResponse.json(202, view(deployer().deploy(deploy)));
            } catch (LintGateRefusal refusal) {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("error", refusal.getMessage());
                answer.put("status", 422);
                answer.put("findings", refusal.result().findings());
                return ApiResponse.json(422, answer);
            }
        };
    }

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    /**
     * {@code GET /api/runs?notebook=&status=&limit=&before=}: newest first, a page at a time;
     * {@code next} is the {@code before} of the following page (absent on the last one).
     */
    public Endpoint list() {
        return request -> {
            String status = request.query("status");
            List<RunManifest> all = deployer().list(request.query("notebook"), status == null || status.isEmpty() ? null
                    : RunStatus.parse(status));
            int limit = pageSize(request.query("limit"));
            int from = 0;
            String before = request.query("before");
            if (before != null && !before.isEmpty()) {
                from = all.size();
                for (int i = 0; i < all.size(); i++) {
                    if (all.get(i).id().equals(before)) {
                        from = i + 1;
                        break;
                    }
                }
            }
            int to = Math.min(all.size(), from + limit);
            List<Map<String, Object>> runs = all.subList(from, to).stream().map(this::summary).toList();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("runs", runs);
            answer.put("count", runs.size());
            answer.put("total", all.size());
            if (to < all.size()) {
                answer.put("next", all.get(to - 1).id());
            }
            return ApiResponse.json(answer);
        };
    }

    private static int pageSize(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_PAGE;
        }
        try {
            int size = Integer.parseInt(limit);
            if (size >= 1 && size <= MAX_PAGE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, "limit must be a whole number from 1 to " + MAX_PAGE + ", not '" + limit + "'");
    }

    public Endpoint metrics() {
        return request -> {
            String notebook = request.requiredQuery("notebook");
            return ApiResponse.json(Map.of("notebook", notebook, "points", deployer().metrics(notebook)));
        };
    }

    public Endpoint show() {
        return request -> ApiResponse.json(view(deployer().require(request.query("id"))));
    }

    public Endpoint log() {
        return request -> ApiResponse.text("text/plain", deployer().log(request.query("id")));
    }

    public Endpoint cancel() {
        return request -> ApiResponse.json(202, view(deployer().cancel(request.query("id"))));
    }

    public Endpoint rerun() {
        return request -> ApiResponse.json(202, view(deployer().rerun(request.query("id"), request.header("Idempotency-Key"))));
    }

    private Map<String, Object> summary(RunManifest run) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", run.id());
        row.put("notebook", run.notebook());
        row.put("status", run.status());
        row.put("createdAt", String.valueOf(run.createdAt()));
        row.put("finishedAt", run.finishedAt() == null ? null : run.finishedAt().toString());
        row.put("commit", run.git() == null ? null : run.git().commit());
        row.put("failure", run.failure() == null ? null : run.failure().summary());
        row.put("metrics", run.metrics());
        return row;
    }

    private Map<String, Object> view(RunManifest run) {
        Map<String, Object> view = Deployer.JSON.convertValue(run, Deployer.JSON.getTypeFactory()
                .constructMapType(LinkedHashMap.class, String.class, Object.class));
        Deployer deployer = deployer();
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("input", deployer.location(run, RunLayout.INPUT));
        if (run.status().isFinal()) {
            links.put("executedNotebook", deployer.location(run, RunLayout.EXECUTED));
            if (run.metrics() != null) {
                links.put("metrics", deployer.location(run, RunLayout.METRICS));
            }
            links.put("artifacts", deployer.location(run, RunLayout.ARTIFACTS.substring(0, RunLayout.ARTIFACTS.length() - 1)));
        }
        links.put("log", "/api/runs/" + run.id() + "/log");
        view.put("links", links);
        return view;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode body(ApiRequest request) throws java.io.IOException {
        byte[] bytes = request.body();
        if (bytes.length == 0) {
            return Jsons.MAPPER.createObjectNode();
        }
        JsonNode body;
        try {
            body = Jsons.MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new ApiException(400, "the body is not JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw new ApiException(400, "the body must be a JSON object");
        }
        return body;
    }
}
