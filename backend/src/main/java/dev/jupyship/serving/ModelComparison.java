package dev.jupyship.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.deploy.RunHistory;
import dev.jupyship.deploy.RunManifest;
import dev.jupyship.deploy.cluster.RunLayout;
import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.deploy.store.ArtifactStore;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.Conflict;
import dev.jupyship.errors.NotFound;
import dev.jupyship.json.Jsons;
import dev.jupyship.promotion.Champions;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.run.PythonScript;
import dev.jupyship.workspace.PathNames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two runs' models compared on the same rows ({@code jupyship compare}, {@code POST /api/compare}):
 * each loaded in a fresh Python process of its own, as serving loads it, answering every row; the
 * report sets the answers side by side with a summary (agreement, the largest differences, each
 * model's metrics on the rows when they carry labels). The work is {@code image/jupyship_serving/compare.py}'s.
 */
public final class ModelComparison {

    private static final PythonScript COMPARE = PythonScript.module("jupyship_serving.compare");
    public static final Duration TIME_LIMIT = Duration.ofMinutes(10);

    private final ArtifactStore store;
    private final String project;
    private final Champions.RunLookup runs;
    private final PythonEnvironment python;

    /** Runs of the project, looked up as the champion's are: the deployer's in the sidecar, the store's in the CLI. */
    public ModelComparison(ArtifactStore store, String project, Champions.RunLookup runs, PythonEnvironment python) {
        this.store = store;
        this.project = project;
        this.runs = runs;
        this.python = python;
    }

    public static ModelComparison of(RunHistory history, PythonEnvironment python) {
        return new ModelComparison(history.store(), history.project(), history::readOne, python);
    }

    /**
     * What to compare on: a CSV or JSON file ({@code input}), or rows given inline; {@code label} names
     * the column that holds the true answer, if any; {@code tolerance} is how far apart two numeric
     * predictions may be and still agree (null: 0.05).
     */
    public record Request(String runA, String runB, Path input, List<Object> rows, String label, Double tolerance) {
    }

    /** The report, as the Python side wrote it; bad input is refused (400), a model that cannot answer too (409). */
    public JsonNode compare(Request request) throws IOException, InterruptedException {
        if ((request.input() == null) == (request.rows() == null || request.rows().isEmpty())) {
            throw new BadInput("give the rows to compare on: an input file (CSV or JSON) or 'rows', not both");
        }
        if (request.tolerance() != null && !(request.tolerance() >= 0 && Double.isFinite(request.tolerance()))) {
            throw new BadInput("the tolerance must be a number >= 0, not " + request.tolerance());
        }
        List<Map<String, String>> compared = new ArrayList<>();
        for (String id : List.of(request.runA(), request.runB())) {
            compared.add(run(id));
        }
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("store", store.rootLocation());
        task.put("project", project);
        task.put("runs", compared);
        task.put("input", request.input() == null ? null : request.input().toAbsolutePath().toString());
        task.put("rows", request.rows());
        task.put("label", request.label());
        task.put("tolerance", request.tolerance() == null ? 0.05 : request.tolerance());
        String output = COMPARE.run(python.python(), Jsons.MAPPER.writeValueAsString(task), null, TIME_LIMIT, List.of(),
                store.clientEnvironment());
        JsonNode report = Jsons.MAPPER.readTree(output);
        if (report.has("error")) {
            String message = report.path("error").asText();
            throw "input".equals(report.path("kind").asText()) ? new BadInput(message) : new Conflict(message);
        }
        return report;
    }

    private Map<String, String> run(String id) throws IOException {
        if (!RunLayout.isId(id)) {
            throw new BadInput("'" + PathNames.printable(String.valueOf(id)) + "' is not a run id (like 20261128T023000Z-ab12cd)");
        }
        RunManifest run = runs.find(id).orElseThrow(() -> new NotFound("no run '" + id + "' in project " + project));
        if (run.status() != RunStatus.SUCCEEDED) {
            throw new Conflict("run " + id + " " + run.status().label() + "; only a succeeded run has a model to compare");
        }
        return Map.of("run", id, "notebook", run.notebook());
    }
}
