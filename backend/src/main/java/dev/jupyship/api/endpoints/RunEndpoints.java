package dev.jupyship.api.endpoints;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.jupyship.api.ApiContext;
import dev.jupyship.api.ApiRequest;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.Endpoint;
import dev.jupyship.contract.Contract;
import dev.jupyship.deploy.DeployGate;
import dev.jupyship.deploy.DeployRequest;
import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.GateRefusal;
import dev.jupyship.deploy.Promotion;
import dev.jupyship.deploy.RunHistory;
import dev.jupyship.deploy.RunLogs;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Unavailable;
import dev.jupyship.lint.Finding;
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
                return ApiResponse.json(422, new Refusal(refusal.getMessage(), 422, GateVerdict.of(refusal.verdict())));
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
            return ApiResponse.json(new Check(GateVerdict.of(deployer.check(deployRequest(request))),
                    deployer.config().target(), deployer.config().clusterKind(), deployer.config().image()));
        };
    }

    private static DeployRequest deployRequest(ApiRequest request) throws java.io.IOException {
        DeployRequest deploy = request.body(DeployRequest.class);
        if (deploy.path() != null) {
            request.checkFileSize(request.workspace().resolve(deploy.path()), deploy.path());
        }
        return deploy;
    }

    /** The gate's verdict as {@code /api/deploy/check} and a refused deploy answer it. */
    public record GateVerdict(String file, boolean passes, int blocking, List<Finding> findings, List<String> parameterProblems,
                              boolean contract, List<GateParameter> parameters) {
        static GateVerdict of(DeployGate.Verdict verdict) {
            List<GateParameter> parameters = verdict.contract() == null ? List.of() : verdict.contract().parameters().values().stream()
                    .filter(p -> !p.name().equals(Contract.OUTPUT_DIR)).map(GateParameter::of).toList();
            return new GateVerdict(verdict.file(), verdict.passes(), verdict.blocking().size(), verdict.findings(),
                    verdict.parameterProblems(), verdict.contract() != null, parameters);
        }
    }

    /**
     * A contract parameter as the deploy dialog reads it: {@code default}, {@code allowed}, {@code min}
     * and {@code max} only when the contract says them (a default may be null, which is not no default).
     */
    public record GateParameter(String name, String type, boolean required, @JsonIgnore Map<String, Object> bounds) {
        static GateParameter of(Contract.Parameter p) {
            Map<String, Object> bounds = new LinkedHashMap<>();
            if (p.hasDefault()) {
                bounds.put("default", p.defaultValue());
            }
            if (!p.allowed().isEmpty()) {
                bounds.put("allowed", p.allowed());
            }
            if (p.min() != null) {
                bounds.put("min", p.min());
            }
            if (p.max() != null) {
                bounds.put("max", p.max());
            }
            if (p.snapshotRoot() != null) {
                bounds.put("root", p.snapshotRoot());
            }
            return new GateParameter(p.name(), p.type().label(), p.required(), bounds);
        }

        @JsonAnyGetter
        Map<String, Object> said() {
            return bounds;
        }
    }

    /** {@code POST /api/deploy/check}: the verdict, and where a deploy would go. */
    public record Check(@JsonUnwrapped GateVerdict verdict, String target, String cluster, String image) {
    }

    /** {@code POST /api/deploy}'s 422: the error body and the verdict that refused. */
    public record Refusal(String error, int status, @JsonUnwrapped GateVerdict verdict) {
    }

    /**
     * A page of {@code GET /api/runs}; {@code next} is absent on the last page; {@code total} is absent
     * when counting would mean listing more than a page of the index (or with a status filter).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunPage(List<RunSummary> runs, int count, Integer total, String next) {
    }

    /**
     * A run as the list shows it: the failure's summary only; the schedule that started it and the
     * promotion gate's decision, when there are (the runs view's metric charts mark promotions).
     */
    public record RunSummary(String id, String notebook, RunStatus status, String createdAt, String finishedAt, String commit,
                             String failure, Map<String, Object> metrics, Map<String, Object> parameters,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String schedule,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Promotion promotion) {
        static RunSummary of(RunManifest run) {
            return new RunSummary(run.id(), run.notebook(), run.status(), String.valueOf(run.createdAt()),
                    run.finishedAt() == null ? null : run.finishedAt().toString(), run.git() == null ? null : run.git().commit(),
                    run.failure() == null ? null : run.failure().summary(), run.metrics(),
                    run.parameters() == null ? Map.of() : run.parameters(), run.schedule(), run.promotion());
        }
    }

    /** {@code GET /api/runs/metrics}. */
    public record MetricHistory(String notebook, List<RunHistory.MetricPoint> points) {
    }

    /** {@code GET /api/runs/{id}/log?offset=N}: pollers pass {@code next} back. */
    public record Deleted(String deleted) {
    }

    public record LogPage(String text, long next, RunStatus status, boolean complete) {
    }

    /** A run's manifest and where its files are: only links that lead somewhere. */
    public record RunView(@JsonUnwrapped RunManifest run, Links links) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Links(String input, String executedNotebook, String metrics, String artifacts, String log) {
    }

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    /**
     * {@code GET /api/runs?notebook=&status=&limit=&before=}: newest first, a page at a time, each
     * one listing of the store's run index; {@code next} is the {@code before} of the following page
     * (absent on the last one).
     */
    public Endpoint list() {
        return request -> {
            String status = request.query("status");
            RunHistory.Page page = deployer().page(request.query("notebook"), status == null || status.isEmpty() ? null
                    : RunStatus.parse(status), request.query("before"), pageSize(request.query("limit")));
            List<RunSummary> runs = page.runs().stream().map(RunSummary::of).toList();
            return ApiResponse.json(new RunPage(runs, runs.size(), page.total(), page.next()));
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
            return ApiResponse.json(new MetricHistory(notebook, deployer().metrics(notebook)));
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
            return ApiResponse.json(new LogPage(slice.text(), slice.next(), slice.status(), slice.status().isFinal()));
        };
    }

    public Endpoint cancel() {
        return request -> ApiResponse.json(202, view(deployer().cancel(request.query("id"))));
    }

    /** {@code DELETE /api/runs/{id}/record}: an ended run and its files gone from the store. */
    public Endpoint delete() {
        return request -> {
            String id = request.query("id");
            deployer().delete(id);
            return ApiResponse.json(new Deleted(id));
        };
    }

    public Endpoint rerun() {
        return request -> ApiResponse.json(202, view(deployer().rerun(request.query("id"), request.header("Idempotency-Key"))));
    }

    private RunView view(RunManifest run) throws java.io.IOException {
        Deployer deployer = deployer();
        String executed = null;
        String metrics = null;
        String artifacts = null;
        if (run.status().isFinal()) {
            // Only a link that leads somewhere: a lost run's never got its executed notebook.
            if (deployer.stored(run, RunLayout.EXECUTED)) {
                executed = deployer.location(run, RunLayout.EXECUTED);
            }
            if (run.metrics() != null) {
                metrics = deployer.location(run, RunLayout.METRICS);
            }
            artifacts = deployer.location(run, RunLayout.ARTIFACTS.substring(0, RunLayout.ARTIFACTS.length() - 1));
        }
        return new RunView(run, new Links(deployer.location(run, RunLayout.INPUT), executed, metrics, artifacts,
                "/api/runs/" + run.id() + "/log"));
    }
}
