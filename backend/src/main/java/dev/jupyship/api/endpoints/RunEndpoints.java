package dev.jupyship.api.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.api.ApiContext;
import dev.jupyship.api.ApiRequest;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.Endpoint;
import dev.jupyship.deploy.DeployGate;
import dev.jupyship.deploy.DeployRequest;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.GateRefusal;
import dev.jupyship.deploy.RunHistory;
import dev.jupyship.deploy.RunLayout;
import dev.jupyship.deploy.RunLogs;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.RunStatus;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Unavailable;
import dev.jupyship.json.Jsons;
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
        if (context.deployer() == null) {
            throw new Unavailable("deploy is not set up in this sidecar");
        }
        return context.deployer().get();
    }

    /** {@code POST /api/deploy}: 202 with the run; 422 with the verdict when the gate refuses. */
    public Endpoint deploy() {
        return request -> {
            try {
                return ApiResponse.json(202, view(deployer().deploy(deployRequest(request))));
            } catch (GateRefusal refusal) {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("error", refusal.getMessage());
                answer.put("status", 422);
                answer.putAll(verdict(refusal.verdict()));
                return ApiResponse.json(422, answer);
            }
        };
    }

    /**
     * {@code POST /api/deploy/check}: the gate's verdict for the same body as a deploy, and the
     * contract's parameters, without deploying: what the deploy dialog shows.
     */
    public Endpoint check() {
        return request -> {
            Deployer deployer = deployer();
            Map<String, Object> answer = verdict(deployer.check(deployRequest(request)));
            answer.put("target", deployer.config().target());
            answer.put("cluster", deployer.config().clusterKind());
            answer.put("image", deployer.config().image());
            return ApiResponse.json(answer);
        };
    }

    private static DeployRequest deployRequest(ApiRequest request) throws java.io.IOException {
        JsonNode body = body(request);
        String path = Jsons.text(body, "path");
        if (path != null) {
            request.checkFileSize(request.workspace().resolve(path), path);
        }
        return new DeployRequest(path, Jsons.text(body, "ref"), Jsons.parameters(body), Jsons.text(body, "target"),
                body.path("force").asBoolean(false), Jsons.text(body, "idempotencyKey"));
    }

    private static Map<String, Object> verdict(DeployGate.Verdict verdict) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("file", verdict.file());
        answer.put("passes", verdict.passes());
        answer.put("blocking", verdict.blocking().size());
        answer.put("findings", verdict.findings());
        answer.put("parameterProblems", verdict.parameterProblems());
        List<Map<String, Object>> parameters = new java.util.ArrayList<>();
        if (verdict.contract() != null) {
            for (dev.jupyship.contract.Contract.Parameter p : verdict.contract().parameters().values()) {
                if (p.name().equals(dev.jupyship.contract.Contract.OUTPUT_DIR)) {
                    continue;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", p.name());
                row.put("type", p.type().label());
                row.put("required", p.required());
                if (p.hasDefault()) {
                    row.put("default", p.defaultValue());
                }
                if (!p.allowed().isEmpty()) {
                    row.put("allowed", p.allowed());
                }
                if (p.min() != null) {
                    row.put("min", p.min());
                }
                if (p.max() != null) {
                    row.put("max", p.max());
                }
                parameters.add(row);
            }
        }
        answer.put("contract", verdict.contract() != null);
        answer.put("parameters", parameters);
        return answer;
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
        throw new BadInput("limit must be a whole number from 1 to " + MAX_PAGE + ", not '" + limit + "'");
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

    /**
     * {@code GET /api/runs/{id}/log}: the log so far as text; {@code ?offset=N}: JSON
     * {@code {text, next, status, complete}} with the log from byte N (pollers pass {@code next}
     * back); {@code ?follow=true}: the log streamed as it grows, until the run ends.
     */
    public Endpoint log() {
        return request -> {
            Deployer deployer = deployer();
            String id = request.query("id");
            if ("true".equals(request.query("follow"))) {
                deployer.require(id);
                long[] offset = {0};
                return ApiResponse.feed("text/plain", () -> {
                    RunLogs.LogSlice slice = deployer.log(id, offset[0]);
                    offset[0] = slice.next();
                    return new ApiResponse.Piece(slice.text().getBytes(java.nio.charset.StandardCharsets.UTF_8), slice.status().isFinal());
                });
            }
            String offset = request.query("offset");
            if (offset == null) {
                return ApiResponse.text("text/plain", deployer.log(id));
            }
            long from;
            try {
                from = Long.parseLong(offset);
            } catch (NumberFormatException e) {
                throw new BadInput("offset must be a byte offset (a whole number), not '" + offset + "'");
            }
            RunLogs.LogSlice slice = deployer.log(id, from);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("text", slice.text());
            answer.put("next", slice.next());
            answer.put("status", slice.status());
            answer.put("complete", slice.status().isFinal());
            return ApiResponse.json(answer);
        };
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

    private Map<String, Object> view(RunManifest run) throws java.io.IOException {
        Map<String, Object> view = RunHistory.JSON.convertValue(run, RunHistory.JSON.getTypeFactory()
                .constructMapType(LinkedHashMap.class, String.class, Object.class));
        Deployer deployer = deployer();
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("input", deployer.location(run, RunLayout.INPUT));
        if (run.status().isFinal()) {
            // Only a link that leads somewhere: a lost run's never got its executed notebook.
            if (deployer.stored(run, RunLayout.EXECUTED)) {
                links.put("executedNotebook", deployer.location(run, RunLayout.EXECUTED));
            }
            if (run.metrics() != null) {
                links.put("metrics", deployer.location(run, RunLayout.METRICS));
            }
            links.put("artifacts", deployer.location(run, RunLayout.ARTIFACTS.substring(0, RunLayout.ARTIFACTS.length() - 1)));
        }
        links.put("log", "/api/runs/" + run.id() + "/log");
        view.put("links", links);
        return view;
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
            throw new BadInput("the body is not JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw new BadInput("the body must be a JSON object");
        }
        return body;
    }
}
